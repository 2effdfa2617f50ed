#!/usr/bin/env node
// dm watch figures for `npm run bench` (W1, W2, M3); run.js calls benchWatch(). Alone:
//
//   node test/bench/watch.js [--smoke]     (needs `npm run compile`; writes test/bench/RESULTS.watch[.smoke].md)
//
// W1  latency from a message committed in the sandbox to its line on dm watch's stdout, against
//     `dm tail --follow` at its default interval (10 s).
// W2  REST requests made by an hour of idle watching, simulated 60× faster: the sandbox answers an
//     idle connect after 0.5 s instead of 30 s, and the watch renews every 30 s (30 min) and
//     reconciles every 5 s (5 min).
// M3  dm watch's peak RSS after 100,000 pushed messages against its value after 10,000.
import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {createInterface} from 'node:readline'
import {fileURLToPath} from 'node:url'

import {failuresAndNotes, fmtInt, fmtMs, mbFromKb, median, mustRun, startSandboxChild, vmHwmKb} from './lib.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const BIN = path.join(here, '../../bin/run.cjs')
const SANDBOX = path.join(here, 'sandbox-child.js')
const ALICE = '118825642'
const W1_MEDIAN_MAX_MS = 50
const W1_P99_MAX_MS = 250
const M3_GROWTH_MAX = 1.15
const now = () => performance.timeOrigin + performance.now()
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** A long-running CLI child whose stdout lines are handed to `onLine(line, receivedAt)`. */
function startCliChild(args, env, onLine) {
  const child = spawn(process.execPath, [BIN, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']})
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk))
  createInterface({input: child.stdout}).on('line', (line) => onLine(line, now()))
  const exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({code, signal})))
  return {
    pid: child.pid,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT')
      return exited
    },
  }
}

async function waitUntil(condition, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await pause(20)
  }
}

/** The watch is listening once it has listed the chats twice: at its start and after subscribing. */
async function watchReady(sandbox) {
  await waitUntil(async () => (await sandbox.requests(true)).urls.filter((url) => url.startsWith('GET /v3/chats')).length >= 2, 'dm watch to subscribe')
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}


/** Latencies of `count` messages, each inserted once the previous one was printed (after `gapMs()`). */
async function latencies(sandbox, startCommand, count, gapMs) {
  const committed = new Map()
  const measured = []
  let waiting
  const cli = startCommand((line, at) => {
    let id
    try {
      id = JSON.parse(line).id
    } catch {
      return
    }

    if (!committed.has(id)) return
    measured.push(at - committed.get(id))
    committed.delete(id)
    waiting?.()
  })
  try {
    return await (async () => {
      await cli.ready()
      for (let i = 0; i < count; i++) {
        await pause(gapMs())
        const arrived = new Promise((resolve) => (waiting = resolve))
        const {id, committedAt} = await sandbox.insert()
        committed.set(id, committedAt)
        await Promise.race([arrived, pause(30_000).then(() => Promise.reject(new Error(`message ${id} was not printed within 30 s: ${cli.stderr().slice(-500)}`)))])
      }

      return measured
    })()
  } finally {
    await cli.stop()
  }
}

export async function benchWatch({smoke, log = (line) => process.stderr.write(`bench: ${line}\n`)}) {
  const rows = []
  const notes = []
  const failures = []
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'groupme-bench-watch-'))
  const home = path.join(tmp, 'home')
  const sandboxes = []
  const cleanEnv = (sandbox) => ({PATH: process.env.PATH, HOME: home, GROUPME_CONFIG_DIR: path.join(tmp, 'config'), ...sandbox.env})
  try {
    // ---- W1 -----------------------------------------------------------------------------------
    const live = await startSandboxChild(SANDBOX, 0)
    sandboxes.push(live)
    const env = cleanEnv(live)
    const watchCount = smoke ? 30 : 200
    log(`W1: ${watchCount} messages through dm watch, one at a time`)
    const watchMs = await latencies(
      live,
      (onLine) => {
        const cli = startCliChild(['dm', 'watch', '--jsonl'], env, onLine)
        return {...cli, ready: () => watchReady(live)}
      },
      watchCount,
      () => 20 + Math.random() * 80,
    )
    const tailCount = smoke ? 3 : 12
    log(`W1 baseline: ${tailCount} messages through dm tail --follow (default interval)`)
    const state = path.join(tmp, 'tail.json')
    await mustRun('dm tail --init', process.execPath, [BIN, 'dm', 'tail', ALICE, '--state', state, '--init'], {env})
    const tailMs = await latencies(
      live,
      (onLine) => {
        const cli = startCliChild(['dm', 'tail', ALICE, '--state', state, '--follow', '--jsonl'], env, onLine)
        return {...cli, ready: () => pause(500)}
      },
      tailCount,
      () => Math.random() * 10_000,
    )
    const w1Median = median(watchMs)
    const w1P99 = percentile(watchMs, 99)
    rows.push([
      `W1 latency from commit to stdout, dm watch, ${watchCount} messages`,
      `median ${fmtMs(w1Median)}, p99 ${fmtMs(w1P99)}`,
      `median ${fmtMs(median(tailMs))}, max ${fmtMs(Math.max(...tailMs))} (\`dm tail --follow\`, default 10 s, ${tailCount} messages)`,
      `${(median(tailMs) / w1Median).toFixed(0)}× sooner`,
      `median ≤ ${W1_MEDIAN_MAX_MS} ms, p99 ≤ ${W1_P99_MAX_MS} ms`,
      w1Median <= W1_MEDIAN_MAX_MS && w1P99 <= W1_P99_MAX_MS ? 'PASS' : 'MISS',
    ])
    notes.push(
      `W1: commit time taken in the sandbox process right after the message is stored, arrival time when the line reaches the bench through the pipe; both are the machine's clock (performance.timeOrigin + now()). ` +
        `Each message is a push event, then one REST catch-up of the chat (since_id, then before_id down to the last id printed: 2 requests).`,
    )

    // ---- W2 -----------------------------------------------------------------------------------
    const idle = await startSandboxChild(SANDBOX, 0, ['--push-timeout', '0.5'])
    sandboxes.push(idle)
    const simulatedMinutes = smoke ? 15 : 60
    log(`W2: ${simulatedMinutes} simulated minutes of idle watching (${simulatedMinutes} s)`)
    const watcher = startCliChild(['dm', 'watch', '--jsonl', '--reconcile', '5s', '--renew', '30s'], cleanEnv(idle), () => {})
    await pause(simulatedMinutes * 1000)
    await watcher.stop()
    const urls = (await idle.requests(true)).urls
    const count = (prefix) => urls.filter((url) => url.startsWith(prefix)).length
    const byKind = {me: count('GET /v3/users/me'), chats: count('GET /v3/chats'), messages: count('GET /v3/direct_messages')}
    const other = urls.length - byKind.me - byKind.chats - byKind.messages
    const renewals = Math.floor((simulatedMinutes * 60) / (30 * 60))
    const reconciles = Math.floor((simulatedMinutes * 60) / (5 * 60))
    const expectedChats = 2 + renewals + reconciles
    const w2ok = byKind.messages === 0 && other === 0 && byKind.chats <= expectedChats + 1
    rows.push([
      `W2 REST requests in ${simulatedMinutes === 60 ? 'an hour' : `${simulatedMinutes} minutes`} of idle watching (60× faster)`,
      `${urls.length}: ${byKind.me} /users/me, ${byKind.chats} /chats, ${byKind.messages} /direct_messages`,
      `\`dm tail --follow\` (one chat, 10 s): ${simulatedMinutes * 6} /direct_messages`,
      '—',
      `catch-ups only: /chats at start, after each (re)subscribe (${1 + renewals}) and each reconciliation (${reconciles}); no /direct_messages`,
      w2ok ? 'PASS' : 'FAIL',
    ])
    if (!w2ok) failures.push(`W2: ${JSON.stringify(byKind)}, ${other} other requests; expected at most ${expectedChats + 1} /chats and no /direct_messages`)
    notes.push(`W2: the watch renews its subscription every 30 simulated minutes (a new handshake, then a catch-up) and reconciles every 5 (\`--reconcile\`, default 5m); the sandbox holds an idle connect 0.5 s (the service: 30 s).`)

    // ---- M3 -----------------------------------------------------------------------------------
    const busy = await startSandboxChild(SANDBOX, 0)
    sandboxes.push(busy)
    const [small, big] = smoke ? [1_000, 10_000] : [10_000, 100_000]
    log(`M3: ${big} pushed messages, peak RSS at ${small} and at ${big}`)
    let printed = 0
    const heavy = startCliChild(['dm', 'watch', '--jsonl'], cleanEnv(busy), () => printed++)
    let rssSmallKb
    try {
      await watchReady(busy)
      const started = Date.now()
      for (let sent = 0; sent < big; ) {
        await busy.burst(1000)
        sent += 1000
        await waitUntil(() => printed >= sent - 2000, `dm watch to print ${sent - 2000} messages`)
        if (rssSmallKb === undefined && sent >= small) {
          await waitUntil(() => printed >= small, `dm watch to print ${small} messages`)
          rssSmallKb = vmHwmKb(heavy.pid)
        }
      }

      await waitUntil(() => printed >= big, `dm watch to print ${big} messages`, 120_000)
      const rssBigKb = vmHwmKb(heavy.pid)
      const growth = rssBigKb / rssSmallKb
      const mb = (kb) => mbFromKb(kb).toFixed(1)
      const exact = printed === big
      if (!exact) failures.push(`M3: dm watch printed ${printed} lines for ${big} messages`)
      rows.push([
        `M3 peak RSS of dm watch after ${fmtInt(big)} pushed messages`,
        `${mb(rssBigKb)} MB`,
        `${mb(rssSmallKb)} MB after ${fmtInt(small)}`,
        `${growth.toFixed(2)}×`,
        `≤ ${M3_GROWTH_MAX}×`,
        growth <= M3_GROWTH_MAX && exact ? 'PASS' : 'MISS',
      ])
      notes.push(`M3: bursts of 1,000 messages across three chats, the next once dm watch is within 2,000; ${fmtInt(printed)} lines printed in ${((Date.now() - started) / 1000).toFixed(1)} s; peak RSS is VmHWM from /proc.`)
    } finally {
      await heavy.stop()
    }
  } catch (error) {
    failures.push(`W figures: ${error.stack ?? error}`)
  } finally {
    await Promise.all(sandboxes.map((sandbox) => sandbox.stop()))
    rmSync(tmp, {recursive: true, force: true})
  }

  return {rows, notes, failures}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const smoke = process.argv.includes('--smoke')
  const started = new Date()
  const {rows, notes, failures} = await benchWatch({smoke})
  const report = [
    `# dm watch benchmark${smoke ? ' (smoke)' : ''}`,
    '',
    `Reproduce with \`npm run compile && node test/bench/watch.js${smoke ? ' --smoke' : ''}\` (also part of \`npm run bench\`).`,
    '',
    `- machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores; Node ${process.version}; date ${started.toISOString()}; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`,
    '',
    '| figure | measured | baseline | ratio | target | result |',
    '|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
    ...failuresAndNotes(failures, notes),
  ].join('\n')
  writeFileSync(path.join(here, smoke ? 'RESULTS.watch.smoke.md' : 'RESULTS.watch.md'), report)
  process.stdout.write(report)
  if (failures.length > 0) process.exit(1)
}
