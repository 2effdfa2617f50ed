// `groupme mcp`'s figures for test/bench/run.js, each against a baseline or target in the same run:
// MC1, search_messages inside one running server over a big archive (archive.js calls it with A3's
// 1,000,000-message archive); MC2, spawn to the answer to `initialize` against `groupme --version`.
//
//   node test/bench/mcp.js [--smoke] [--runs N]    both alone (MC1 over an archive it syncs itself)
import {spawn} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {Client} from '@modelcontextprotocol/client'
import {StdioClientTransport} from '@modelcontextprotocol/client/stdio'

import {figuresAlone, fmtInt, fmtMs, interleave, median, mustRun, startSandboxChild, TIME_BIN} from './lib.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const MC1_MAX_MS = 20
const MC2_MAX = 1.5
/** The queries of A3 (archive.js), so MC1 and A3 measure the same searches. */
const SEARCH_QUERIES = ['coffee', '"coffee and weekend"', 'dead*', 'concert NOT report']

/**
 * MC1: one `groupme mcp --db DB` for the whole figure, driven by the SDK's client; each
 * search_messages call timed from the request to its answer (JSON-RPC over the pipes included).
 */
export async function mcpSearchFigure(bench, db, total) {
  const {runs, bin, log, rows, notes, failures} = bench
  const rounds = Math.max(runs, 5) * 4
  log(`MC1: search_messages over ${fmtInt(total)} messages, ${rounds} rounds of ${SEARCH_QUERIES.length} queries in one server`)
  const transport = new StdioClientTransport({command: process.execPath, args: [bin, 'mcp', '--db', db], env: {PATH: process.env.PATH ?? '', HOME: bench.tmp}, stderr: 'pipe'})
  const client = new Client({name: 'groupme-bench', version: '1.0.0'})
  await client.connect(transport)
  try {
    const times = []
    const hits = {}
    for (let round = -1; round < rounds; round++) {
      for (const query of SEARCH_QUERIES) {
        const started = performance.now()
        const result = await client.callTool({name: 'search_messages', arguments: {query, limit: 50}})
        const ms = performance.now() - started
        if (result.isError) throw new Error(`MC1: search_messages ${query}: ${result.content[0]?.text}`)
        hits[query] = result.structuredContent.results.length
        // Round -1 warms the server up (the archive is opened on the first call).
        if (round >= 0) times.push(ms)
      }
    }

    if (Object.values(hits).some((count) => count === 0)) failures.push(`MC1: a query found nothing: ${JSON.stringify(hits)}`)
    const ms = median(times)
    rows.push([
      `MC1 \`search_messages\` over ${fmtInt(total)} messages inside one running \`groupme mcp\` (median of ${times.length} calls, ${SEARCH_QUERIES.length} queries, up to 50 results each, request to answer)`,
      `${ms.toFixed(1)} ms`,
      '—',
      '—',
      `≤ ${MC1_MAX_MS} ms`,
      ms <= MC1_MAX_MS ? 'PASS' : 'MISS',
    ])
    notes.push(`MC1 results per query: ${Object.entries(hits).map(([query, count]) => `\`${query}\` ${count}`).join(', ')}; slowest call ${fmtMs(Math.max(...times))}.`)
  } finally {
    await client.close()
  }
}

/**
 * Spawn `groupme mcp`, send `initialize`, and time until its answer is read; then close stdin.
 * With cpuFile (and /usr/bin/time, as lib.js's timed runs `--version`), also its CPU to exit.
 */
function initialized(bin, env, cpuFile) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const [file, args] = cpuFile ? [TIME_BIN, ['-f', '%U %S %M', '-o', cpuFile, process.execPath, bin, 'mcp']] : [process.execPath, [bin, 'mcp']]
    const child = spawn(file, args, {env, stdio: ['pipe', 'pipe', 'ignore']})
    let answered
    child.stdout.once('data', (chunk) => {
      answered = {ms: Number(process.hrtime.bigint() - started) / 1e6, line: chunk.toString()}
      child.stdin.end()
    })
    child.once('error', reject)
    child.once('close', (code) => {
      if (!answered || code !== 0) return reject(new Error(`groupme mcp exited ${code} before answering initialize`))
      if (cpuFile) {
        const [user, system] = readFileSync(cpuFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number)
        answered.cpuMs = (user + system) * 1000
      }

      resolve(answered)
    })
    child.stdin.write(`${JSON.stringify({jsonrpc: '2.0', id: 1, method: 'initialize', params: {protocolVersion: '2025-06-18', capabilities: {}, clientInfo: {name: 'bench', version: '1'}}})}\n`)
  })
}

/** MC2: spawn to the answer to `initialize`, against `groupme --version`, interleaved, medians. */
export async function mcpStartFigure(bench) {
  const {runs, bin, tmp, log, rows, notes, failures} = bench
  const env = {PATH: process.env.PATH ?? '', HOME: mkdtempSync(path.join(tmp, 'mcp-home-'))}
  // CPU (user + system) from /usr/bin/time for both, when there is one: on a busy machine the wall
  // clock also says how long each waited for a core
  // (docs/decisions/0071-mc2-start-up-target-not-met-what-was-measured.md).
  const cpuFile = TIME_BIN && path.join(tmp, 'mc2-cpu.txt')
  log(`MC2: groupme mcp to its initialize answer vs groupme --version, ${runs} runs each, interleaved`)
  const samples = await interleave(
    [
      {
        name: 'mcp',
        run: async ({warmup}) => {
          const answer = await initialized(bin, env, cpuFile)
          if (warmup && !answer.line.includes('"serverInfo"')) failures.push(`MC2: the first line is not the initialize answer: ${answer.line.slice(0, 200)}`)
          return answer
        },
      },
      {name: 'version', run: () => mustRun('groupme --version', process.execPath, [bin, '--version'], {env, stdout: 'pipe', rssFile: cpuFile})},
    ],
    runs,
  )
  const a = median(samples.mcp.map((s) => s.ms))
  const b = median(samples.version.map((s) => s.ms))
  rows.push([
    'MC2 `groupme mcp`: spawn to the answer to `initialize` (the SDK chunk from the compile cache)',
    fmtMs(a),
    `${fmtMs(b)} (\`groupme --version\`)`,
    `${(a / b).toFixed(2)}×`,
    `≤ ${MC2_MAX}×`,
    a / b <= MC2_MAX ? 'PASS' : 'MISS',
  ])
  if (cpuFile) {
    const cpuMean = (samples) => samples.reduce((sum, s) => sum + s.cpuMs, 0) / samples.length
    const [mcpCpu, versionCpu] = [cpuMean(samples.mcp), cpuMean(samples.version)]
    notes.push(`MC2 CPU (user + system, means, /usr/bin/time in 10 ms steps): \`groupme mcp\` to its exit after the answer ${fmtMs(mcpCpu)}, \`groupme --version\` ${fmtMs(versionCpu)}, ${(mcpCpu / versionCpu).toFixed(2)}×.`)
  }

  notes.push('MC2: both in a clean HOME whose cache the untimed warm-up run wrote (the bundle\'s code cache, and Node\'s compile cache for dist/mcp-sdk.cjs), as a user\'s runs after the first.')
}

/** Alone: MC2, then MC1 over an archive synced here from generated chats (1,000,000 messages; 20,000 with --smoke). */
async function mcpFigures(bench) {
  await mcpStartFigure(bench)
  const big = bench.smoke ? {chats: 20, perChat: 1000} : {chats: 100, perChat: 10_000}
  const sandbox = await startSandboxChild(path.join(here, 'sandbox-child.js'), 0, ['--chats', String(big.chats), '--per-chat', String(big.perChat)])
  const dir = mkdtempSync(path.join(bench.tmp, 'mcp-'))
  try {
    const db = path.join(dir, 'archive.db')
    bench.log(`MC1: syncing ${fmtInt(big.chats * big.perChat)} messages`)
    await mustRun('archive sync', process.execPath, [bench.bin, 'archive', 'sync', '--db', db], {env: {...bench.cleanEnv(sandbox), GROUPME_MAX_RPS: '0'}, timeoutMs: 3_600_000})
    await sandbox.stop()
    await mcpSearchFigure(bench, db, big.chats * big.perChat)
  } finally {
    await sandbox.stop()
    rmSync(dir, {recursive: true, force: true})
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await figuresAlone('mcp', mcpFigures)
