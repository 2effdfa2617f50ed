#!/usr/bin/env node
// Load test: page a long history through random faults and check that nothing is lost or doubled.
//
//   npm run compile && node scripts/load.js [N]          (N messages, default 100000)
//
// Starts the sandbox (dist/lib/sandbox) with N messages, serves random 429/500/502/503 answers
// (rate 1/30, seed 1, no Retry-After, so the client's backoff applies) plus a 429 with
// `Retry-After: 0` injected about every 50 requests, and runs the built CLI:
//
//   bin/run.js dm list 200000001 --all --jsonl
//
// It exits 0 only when the CLI exited 0 and printed exactly N unique message ids, each once.
import {spawn} from 'node:child_process'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {createInterface} from 'node:readline'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const {BENCH_PARTNER, startSandbox} = await import(new URL('../dist/lib/sandbox/index.js', import.meta.url).href)

const total = Number(process.argv[2] ?? 100_000)
if (!Number.isSafeInteger(total) || total < 1) {
  process.stderr.write(`usage: node scripts/load.js [N]  (N a positive integer, got ${JSON.stringify(process.argv[2])})\n`)
  process.exit(2)
}

const started = Date.now()
const sandbox = await startSandbox({messages: total})
sandbox.randomFaults({rate: 1 / 30, statuses: [429, 500, 502, 503], seed: 1})
// One injected 429 per 50 requests, and only once the last one was served: injected faults that
// pile up during a long backoff would come back to back and spend the retry budget by design.
let injected = 0
let injectedAt = 0
const injector = setInterval(() => {
  if (sandbox.requests.length - injectedAt < 50) return
  injectedAt = sandbox.requests.length
  sandbox.inject({method: 'GET', path: '/v3/direct_messages', kind: 'status', status: 429, headers: {'Retry-After': '0'}})
  injected++
}, 20)

const configDir = mkdtempSync(join(tmpdir(), 'groupme-load-'))
const child = spawn(process.execPath, [join(root, 'bin', 'run.js'), 'dm', 'list', BENCH_PARTNER.id, '--all', '--jsonl'], {
  env: {PATH: process.env.PATH ?? '', HOME: configDir, GROUPME_CONFIG_DIR: configDir, NODE_ENV: 'production', ...sandbox.env},
  stdio: ['ignore', 'pipe', 'pipe'],
})

const ids = new Set()
let lines = 0
let garbled = 0
const reading = (async () => {
  for await (const line of createInterface({input: child.stdout, crlfDelay: Infinity})) {
    if (line === '') continue
    lines++
    try {
      ids.add(JSON.parse(line).id)
    } catch {
      garbled++
    }
  }
})()
let stderr = ''
child.stderr.setEncoding('utf8').on('data', (chunk) => {
  stderr += chunk
})

const code = await new Promise((resolve) => child.once('close', (exitCode, signal) => resolve(exitCode ?? signal)))
await reading
clearInterval(injector)

const stored = new Set(sandbox.store.messages(BENCH_PARTNER.id).map((message) => message.id))
const unknown = [...ids].filter((id) => !stored.has(id)).length
// Pages of 100 and the empty page that ends the walk; every request beyond those was a retry.
const retried = sandbox.requests.filter((request) => request.path === '/v3/direct_messages').length - Math.ceil(total / 100) - 1
await sandbox.close()

const ok = code === 0 && ids.size === total && lines === total && garbled === 0 && unknown === 0
const seconds = ((Date.now() - started) / 1000).toFixed(1)
process.stdout.write(
  `load: ${ok ? 'PASS' : 'FAIL'}: exit ${code}, ${ids.size} unique ids of ${total} (${lines} lines, ${lines - ids.size} repeated, ` +
    `${garbled} garbled, ${unknown} unknown), ${sandbox.requests.length} requests, ${retried} of them retries ` +
    `(random 429/5xx and ${injected} injected 429s), ${seconds} s\n`,
)
if (!ok && stderr.trim() !== '') process.stderr.write(stderr.trim().split('\n').slice(-5).join('\n') + '\n')
process.exit(ok ? 0 : 1)
