// The archive's figures for test/bench/run.js (A1, A2, A3, M2), each against a baseline measured
// in the same run. Full sizes are those of issue 13; --smoke runs them small.
import {mkdtempSync, rmSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {mcpSearchFigure} from './mcp.js'
import {figuresAlone, fmtInt, fmtMs, fmtS, mbFromKb, median, mustRun, startSandboxChild, TIME_BIN, timed} from './lib.js'

const here = path.dirname(fileURLToPath(import.meta.url))

/**
 * @param {{smoke: boolean, runs: number, bin: string, tmp: string, log: (line: string) => void,
 *   rows: string[][], notes: string[], failures: string[], cleanEnv: (sandbox: object) => object}} bench
 */
export async function archiveFigures(bench) {
  const {smoke, runs, bin, tmp, log, rows, notes, failures, cleanEnv} = bench
  const a1 = smoke ? {chats: 10, perChat: 200} : {chats: 100, perChat: 200}
  const big = smoke ? {chats: 20, perChat: 1000} : {chats: 100, perChat: 10_000}
  const latencyMs = 200
  const rps = 8
  const sandboxes = []
  try {
    // ---- A1: a full sync at the service's pace, against a shell loop of `dm export` per chat ----
    log(`A1: ${a1.chats} chats × ${a1.perChat} messages, ${latencyMs} ms a request, ${rps} requests/s`)
    const slow = await startSandboxChild(path.join(here, 'sandbox-child.js'), 0, ['--chats', String(a1.chats), '--per-chat', String(a1.perChat), '--latency', String(latencyMs)])
    sandboxes.push(slow)
    // The sandbox's seed chats are there too: the archive takes every chat, the loop every chat.
    const env = {...cleanEnv(slow), GROUPME_MAX_RPS: String(rps)}
    const chatsOut = await mustRun('chats list --all --json', process.execPath, [bin, 'chats', 'list', '--all', '--json'], {env, stdout: 'pipe'})
    const others = JSON.parse(chatsOut.stdout.toString()).map((chat) => String(chat.other_user.id))
    const dir = mkdtempSync(path.join(tmp, 'archive-'))
    const db = path.join(dir, 'a1.db')
    await slow.reset()
    const sync = await mustRun('archive sync (A1)', process.execPath, [bin, 'archive', 'sync', '--db', db, '--json'], {env, stdout: 'pipe'})
    const syncRequests = (await slow.requests()).count
    const summary = JSON.parse(sync.stdout.toString())
    const expectedMessages = JSON.parse(chatsOut.stdout.toString()).reduce((sum, chat) => sum + chat.messages_count, 0)
    if (summary.new !== expectedMessages || summary.incomplete.length > 0) failures.push(`A1: the sync archived ${summary.new} messages, expected ${expectedMessages}`)
    const boundMs = (syncRequests / rps) * 1000

    const loop = `for user in ${others.join(' ')}; do "${process.execPath}" "${bin}" dm export "$user" --out "${dir}/loop-$user.jsonl" || exit 1; done`
    await slow.reset()
    const shell = await mustRun('dm export loop (A1 baseline)', 'bash', ['-c', loop], {env})
    const loopRequests = (await slow.requests()).count
    const ratio = sync.ms / boundMs
    rows.push([
      `A1 \`archive sync\`, ${a1.chats} chats × ${a1.perChat} messages (+ the seed chats), ${latencyMs} ms a request, ${rps}/s`,
      `${fmtS(sync.ms)}, ${syncRequests} requests`,
      `${fmtS(shell.ms)} (\`dm export\` per chat in a shell loop, ${loopRequests} requests)`,
      `${ratio.toFixed(2)}× the bound of ${fmtS(boundMs)} (requests ÷ ${rps}/s)`,
      '≤ 1.1× requests ÷ 8/s',
      ratio <= 1.1 ? 'PASS' : 'MISS',
    ])
    notes.push(`A1: the sync is ${(shell.ms / sync.ms).toFixed(1)}× faster than the loop; one run each (the bound, not a ratio of noisy medians, is the target).`)

    // ---- A2: nothing new: the /chats pages and /users/me, nothing else ------------------------
    log('A2: a sync with nothing new')
    await slow.reset()
    await mustRun('archive sync (A2)', process.execPath, [bin, 'archive', 'sync', '--db', db], {env})
    const {urls} = await slow.requests(true)
    const chatPages = urls.filter((line) => line.startsWith('GET /v3/chats')).length
    const expected = Math.ceil(others.length / 100) + 1 + 1
    const a2ok = urls.length === expected && urls.filter((line) => line.startsWith('GET /v3/users/me')).length === 1
    if (!a2ok) failures.push(`A2: ${urls.length} requests (${urls.join(', ')}), expected ${expected}`)
    rows.push([`A2 \`archive sync\` with nothing new, ${others.length} chats`, `${urls.length} requests (${chatPages} /chats + /users/me)`, `${expected} = /chats pages + 1`, '—', 'exactly', a2ok ? 'PASS' : 'FAIL'])
    await slow.stop()

    // ---- M2: peak RSS of a real sync of the big archive ----------------------------------------
    const total = big.chats * big.perChat
    log(`M2: a sync of ${total} messages (${big.chats} chats), peak RSS`)
    const fast = await startSandboxChild(path.join(here, 'sandbox-child.js'), 0, ['--chats', String(big.chats), '--per-chat', String(big.perChat)])
    sandboxes.push(fast)
    const bigDb = path.join(dir, 'm2.db')
    const m2 = await timed(process.execPath, [bin, 'archive', 'sync', '--db', bigDb, '--json'], {env: {...cleanEnv(fast), GROUPME_MAX_RPS: '0'}, stdout: 'pipe', rssFile: path.join(tmp, 'm2.rss'), timeoutMs: 3_600_000})
    if (m2.code !== 0) failures.push(`M2: the sync failed (${m2.signal ?? m2.code}): ${m2.stderr.slice(-1000)}`)
    const m2Summary = m2.code === 0 ? JSON.parse(m2.stdout.toString()) : {new: 0}
    const rssMB = mbFromKb(m2.rssKb)
    rows.push([
      `M2 peak RSS of \`archive sync\`, ${fmtInt(total)} messages in ${big.chats} chats (no latency, no rate limit)`,
      `${rssMB.toFixed(1)} MB (${fmtInt(m2Summary.new)} messages in ${fmtS(m2.ms)})`,
      '—',
      '—',
      '≤ 150 MB',
      rssMB <= 150 ? 'PASS' : 'MISS',
    ])
    notes.push(`M2: peak RSS from ${TIME_BIN ? '`/usr/bin/time -f %M`' : 'VmHWM polled from /proc'}; the database it wrote is A3's.`)
    await fast.stop()

    // ---- A3: search over that archive ------------------------------------------------------------
    log(`A3: archive search over ${total} messages`)
    const queries = ['coffee', '"coffee and weekend"', 'dead*', 'concert NOT report', String(Math.floor(total / 2))]
    const inProcess = JSON.parse((await mustRun('archive-search.js', process.execPath, [path.join(here, 'archive-search.js'), bigDb, String(Math.max(runs, 5) * 4), ...queries], {stdout: 'pipe'})).stdout.toString())
    const searchMs = median(Object.values(inProcess).map((entry) => entry.ms))
    const commandMs = []
    const baselineMs = []
    for (let i = 0; i < runs; i++) {
      commandMs.push((await mustRun('archive search', process.execPath, [bin, 'archive', 'search', queries[i % queries.length], '--db', bigDb], {stdout: 'pipe'})).ms)
      baselineMs.push((await mustRun('archive sql SELECT 1', process.execPath, [bin, 'archive', 'sql', 'SELECT 1', '--db', bigDb], {stdout: 'pipe'})).ms)
    }

    rows.push([
      `A3 \`archive search\` over ${fmtInt(total)} messages: the search (median of ${queries.length} queries, 50 hits each, in one process)`,
      `${searchMs.toFixed(1)} ms`,
      '—',
      '—',
      '≤ 50 ms',
      searchMs <= 50 ? 'PASS' : 'MISS',
    ])
    rows.push([
      `A3 the whole \`archive search\` command over ${fmtInt(total)} messages`,
      fmtMs(median(commandMs)),
      `${fmtMs(median(baselineMs))} (\`archive sql "SELECT 1"\` on the same file: start-up and open)`,
      `${median(commandMs) >= median(baselineMs) ? '+' : '−'}${fmtMs(Math.abs(median(commandMs) - median(baselineMs)))}`,
      '—',
      'info',
    ])
    notes.push(`A3 queries: ${Object.entries(inProcess).map(([query, entry]) => `\`${query}\` ${entry.ms.toFixed(1)} ms (${entry.hits} hits)`).join(', ')}.`)
    // ---- MC1: the same archive searched through `groupme mcp` (test/bench/mcp.js) ------------------
    await mcpSearchFigure(bench, bigDb, total)
    rmSync(dir, {recursive: true, force: true})
  } finally {
    await Promise.all(sandboxes.map((sandbox) => sandbox.stop()))
  }
}

// `node test/bench/archive.js [--smoke] [--runs N]`: the archive's figures alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await figuresAlone('archive', archiveFigures)
