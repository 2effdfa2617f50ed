// Helpers for test/bench/run.js: child processes, timing, peak RSS, the sandbox child, statistics.
import {spawn} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {createInterface} from 'node:readline'
import {fileURLToPath} from 'node:url'

export const TIME_BIN = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined

/**
 * Run one command and time it, wall clock from spawn to exit (stdio closed).
 * stdout: 'ignore' | 'pipe' | a file descriptor. rssFile: when set, the peak RSS is measured,
 * with `/usr/bin/time -f %M` when present (about 1 ms more, the same for every command), else by
 * polling /proc/PID/status for VmHWM.
 * Resolves {ms, code, signal, stdout, stderr, rssKb, cpuMs}; never rejects on a non-zero exit. cpuMs (user +
 * system) comes with rssKb from /usr/bin/time only: on a shared, busy machine it says what the
 * command itself cost when the wall clock mostly says how long it waited for a core.
 */
export function timed(command, args, {env, stdout = 'ignore', rssFile, timeoutMs = 600_000} = {}) {
  let file = command
  let argv = args
  if (rssFile && TIME_BIN) {
    rmSync(rssFile, {force: true})
    file = TIME_BIN
    argv = ['-f', '%U %S %M', '-o', rssFile, command, ...args]
  }

  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint()
    const child = spawn(file, argv, {env, stdio: ['ignore', stdout, 'pipe']})
    const out = []
    const err = []
    child.stdout?.on('data', (chunk) => out.push(chunk))
    child.stderr.on('data', (chunk) => err.push(chunk))
    let polledKb = 0
    const poll = rssFile && !TIME_BIN ? setInterval(() => (polledKb = Math.max(polledKb, vmHwmKb(child.pid))), 5) : undefined
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      clearInterval(poll)
      reject(error)
    })
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6
      clearTimeout(timer)
      clearInterval(poll)
      let rssKb
      let cpuMs
      if (rssFile && TIME_BIN) {
        // "Command exited with non-zero status N" may come first; %M is the last line.
        const lines = existsSync(rssFile) ? readFileSync(rssFile, 'utf8').trim().split('\n') : []
        const [user, system, rss] = (lines.at(-1) ?? '').split(' ').map(Number)
        rssKb = rss
        cpuMs = (user + system) * 1000
      } else if (rssFile) {
        rssKb = polledKb
      }

      resolve({ms, code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), rssKb, cpuMs})
    })
  })
}

/** Peak RSS of a running process so far, in KiB (VmHWM); 0 when it cannot be read. */
export function vmHwmKb(pid) {
  try {
    const match = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) : 0
  } catch {
    return 0
  }
}

/** timed(), but a failing command is an error that says what it printed. */
export async function mustRun(what, command, args, options) {
  const result = await timed(command, args, options)
  if (result.code !== 0) {
    throw new Error(`${what} failed (${result.signal ?? `exit ${result.code}`}): ${command} ${args.join(' ')}\n${result.stderr.slice(-2000)}`)
  }

  return result
}

/** Start test/bench/sandbox-child.js with N messages (and its other options); resolves once it printed its addresses. */
export async function startSandboxChild(script, messages, options = []) {
  const child = spawn(process.execPath, ['--max-old-space-size=4096', script, String(messages), ...options], {stdio: ['pipe', 'pipe', 'inherit']})
  const lines = createInterface({input: child.stdout})
  const first = await new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`the sandbox child exited (${code}) before it started`)))
    lines.once('line', resolve)
  })
  child.removeAllListeners('exit')
  const info = JSON.parse(first)
  const call = async (method, path) => {
    const response = await fetch(info.control + path, {method})
    if (!response.ok) throw new Error(`sandbox control ${path}: ${response.status}`)
    return response.json()
  }

  return {
    ...info,
    reset: () => call('POST', '/reset'),
    requests: (list = false) => call('GET', list ? '/requests?list=1' : '/requests'),
    faults: ({rate, statuses, shapes = [], seed}) =>
      call('POST', `/faults?rate=${rate}&statuses=${statuses.join(',')}&shapes=${shapes.join(',')}&seed=${seed}`),
    insert: () => call('POST', '/insert'),
    burst: (n) => call('POST', `/burst?n=${n}`),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/**
 * Interleave variants: one untimed warm-up round (given to `check`, when set), then `rounds`
 * rounds in a rotating order (A B C, B C A, C A B, …) so that no variant always goes first.
 */
export async function interleave(variants, rounds, {onWarmup} = {}) {
  const samples = Object.fromEntries(variants.map((variant) => [variant.name, []]))
  for (const variant of variants) {
    const result = await variant.run({warmup: true})
    await onWarmup?.(variant.name, result)
  }

  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < variants.length; k++) {
      const variant = variants[(round + k) % variants.length]
      samples[variant.name].push(await variant.run({warmup: false}))
    }
  }

  return samples
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export function spread(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return {min: sorted[0], median: median(sorted), max: sorted.at(-1), n: sorted.length}
}

export function fmtS(ms) {
  return `${(ms / 1000).toFixed(2)} s`
}

export function fmtMs(ms) {
  return ms >= 1000 ? fmtS(ms) : `${ms.toFixed(1)} ms`
}

/** KiB as reported by /usr/bin/time and /proc to MB (10^6 bytes). */
export function mbFromKb(kb) {
  return (kb * 1024) / 1e6
}

export function fmtInt(n) {
  return n.toLocaleString('en-US')
}

/** A report's closing lines: the failures, if any, then the notes. */
export function failuresAndNotes(failures, notes) {
  return [
    ...(failures.length > 0 ? ['**Failures:**', '', ...failures.map((failure) => `- ${failure.replaceAll('\n', ' ')}`), ''] : []),
    'Notes:',
    '',
    ...notes.map((note) => `- ${note}`),
    '',
  ]
}

/**
 * `node test/bench/<part>.js [--smoke] [--runs N]`: one part's figures alone, printed as rows of
 * RESULTS.md, for working on that part without the whole bench. `figures(bench)` is the part's
 * function that run.js calls with the same `bench`. Exits non-zero when a check failed.
 */
export async function figuresAlone(name, figures) {
  const argv = process.argv.slice(2)
  const smoke = argv.includes('--smoke')
  const runsAt = argv.indexOf('--runs')
  const tmp = mkdtempSync(path.join(os.tmpdir(), `groupme-bench-${name}-`))
  const home = path.join(tmp, 'home')
  mkdirSync(home)
  const bench = {
    smoke,
    runs: runsAt >= 0 ? Number(argv[runsAt + 1]) : smoke ? 3 : 10,
    bin: fileURLToPath(new URL('../../bin/run.cjs', import.meta.url)),
    tmp,
    log: (line) => process.stderr.write(`bench: ${line}\n`),
    rows: [],
    notes: [],
    failures: [],
    cleanEnv: (sandbox) => ({PATH: process.env.PATH, HOME: home, ...sandbox.env}),
  }
  try {
    await figures(bench)
  } catch (error) {
    bench.failures.push(String(error.stack ?? error))
  } finally {
    rmSync(tmp, {recursive: true, force: true})
  }

  process.stdout.write([...bench.rows.map((row) => `| ${row.join(' | ')} |`), '', ...bench.notes.map((note) => `- ${note}`), ...bench.failures.map((failure) => `FAILED: ${failure}`), ''].join('\n'))
  process.exit(bench.failures.length > 0 ? 1 : 0)
}
