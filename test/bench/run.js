#!/usr/bin/env node
// `npm run bench`: start-up, throughput, requests, memory and a fault-load check of the CLI,
// each timing a ratio against a baseline measured in the same run, interleaved, as a median.
//
//   node test/bench/run.js [--smoke] [--runs N] [--compare-node MAJOR|none]
//
// Full run: writes test/bench/RESULTS.md. --smoke: small conversations and 3 runs, writes
// test/bench/RESULTS.smoke.md; exits 0 even when targets are missed, non-zero when a command
// fails or a correctness check (R1, L1, the outputs) fails. Needs `npm run compile` first.
// Everything runs on the Node that runs this script; the start-up figures (S1–S3) are also taken
// on Node MAJOR (default 24 in a full run, none in a smoke run), fetched by scripts/fetch-node.js.
import {spawnSync} from 'node:child_process'
import {closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {archiveFigures} from './archive.js'
import {htmlFigures} from './archive-html.js'
import {memoryFigures} from './archive-memory.js'
import {nodeBinary} from '../../scripts/fetch-node.js'
import {failuresAndNotes, fmtInt, fmtMs, mbFromKb, interleave, median, mustRun, spread, startSandboxChild, TIME_BIN, timed} from './lib.js'
import {mcpStartFigure} from './mcp.js'
import {benchWatch} from './watch.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '../..')
const BIN = path.join(root, 'bin/run.cjs')
/** The CLI on the Node that runs this script (not the `node` that bin/run.cjs's shebang finds). */
const NODE = process.execPath
const PARTNER = '200000001' // BENCH_PARTNER in src/sandbox/generate.ts

const argv = process.argv.slice(2)
const smoke = argv.includes('--smoke')
const runsAt = argv.indexOf('--runs')
const RUNS = runsAt >= 0 ? Number(argv[runsAt + 1]) : smoke ? 3 : 10
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs takes a whole number >= 1')
const compareAt = argv.indexOf('--compare-node')
const compareMajor = compareAt >= 0 ? argv[compareAt + 1] : smoke ? 'none' : '24'
const major = (version) => version.slice(1).split('.')[0]
/** The Nodes that the start-up figures are taken on: this one first, which also runs the rest. */
const NODES = [{name: `Node ${major(process.version)}`, bin: process.execPath, version: process.version}]
if (compareMajor !== 'none' && compareMajor !== major(process.version)) {
  const bin = nodeBinary(compareMajor)
  NODES.push({name: `Node ${compareMajor}`, bin, version: spawnSync(bin, ['--version'], {encoding: 'utf8'}).stdout.trim()})
}
const N = smoke ? 2_000 : 20_000 // T1, T2, R1, M1 (small)
const BIG = smoke ? 10_000 : 100_000 // M1 (large), L1
const FAULTS = {rate: 1 / 30, statuses: [429, 500, 502, 503], seed: 1}
// L2: the same rate, half of the faults broken success answers (docs/service.md, Messages).
const BROKEN_FAULTS = {...FAULTS, shapes: ['empty-body', 'empty-object', 'null-response', 'not-array'], seed: 2}
const T_MAX = {S1: 1.5, S2: 1.8, S3: 2.2, T1: 1.25, T2: 1.0}
const RSS_MAX_MB = 120
const RSS_GROWTH_MAX = 1.15
const outFile = path.join(here, smoke ? 'RESULTS.smoke.md' : 'RESULTS.md')

if (!existsSync(path.join(root, 'dist/cli.cjs')) || !existsSync(path.join(root, 'dist/sandbox/index.js'))) {
  throw new Error('dist/ is missing: run `npm run compile` first (or `npm run bench`)')
}

const started = Date.now()
// Taken now, not when the report is written: the code measured is what dist/ was built from.
const code = gitDescribe()
const loadBefore = os.loadavg()
const tmp = mkdtempSync(path.join(os.tmpdir(), 'groupme-bench-'))
const cleanHome = path.join(tmp, 'home')
spawnSync('mkdir', ['-p', cleanHome])
const devNull = openSync('/dev/null', 'w')
const failures = [] // correctness: the run exits non-zero
const log = (line) => process.stderr.write(`bench: ${line}\n`)
const hasShellTools = ['curl', 'jq'].every((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0)

const rows = []
const details = []
const notes = []
let small
let big

try {
  log(`starting sandboxes (${N} and ${BIG} messages)`)
  ;[small, big] = await Promise.all([startSandboxChild(path.join(here, 'sandbox-child.js'), N), startSandboxChild(path.join(here, 'sandbox-child.js'), BIG)])

  const machineEnv = (sandbox) => ({...withoutGroupme(process.env), ...sandbox.env})
  const cleanEnv = (sandbox) => ({PATH: process.env.PATH, HOME: cleanHome, ...sandbox.env})
  const envs = [
    ['clean env', cleanEnv(small)],
    ['machine env', machineEnv(small)],
  ]

  // ---- S1, S2, S3: start-up ---------------------------------------------------------------
  log('S2: recording the requests of `chats list --json`')
  await small.reset()
  const chatsOut = await mustRun('chats list --json', NODE, [BIN, 'chats', 'list', '--json'], {env: envs[0][1], stdout: 'pipe'})
  const chatsRequests = (await small.requests(true)).urls
  const chatsUrls = chatsRequests.map((line) => small.url + line.split(' ')[1])
  const baselineOut = await mustRun('baseline-get.js', process.execPath, [path.join(here, 'baseline-get.js'), ...chatsUrls], {env: envs[0][1], stdout: 'pipe'})
  check('S2 output', Array.isArray(JSON.parse(chatsOut.stdout.toString())) && JSON.parse(baselineOut.stdout.toString().split('\n')[0]).response.length > 0, 'the CLI and the baseline both print the chats')
  notes.push(`S2: \`chats list --json\` made ${chatsRequests.length} request(s) (${chatsRequests.join(', ')}); the baseline makes the same one(s).`)

  await small.reset()
  const dry = await mustRun('dm send --dry-run', NODE, [BIN, 'dm', 'send', PARTNER, 'hi', '--dry-run', '--json'], {env: envs[0][1], stdout: 'pipe'})
  check('S3 output', JSON.parse(dry.stdout.toString()).direct_message?.text === 'hi', 'dm send --dry-run --json prints the request body')
  check('S3 requests', (await small.requests()).count === 0, 'dm send --dry-run makes no request')

  const startups = [
    {id: 'S1', what: '`groupme --version`', cli: ['--version'], base: ['-e', '0'], baseWhat: '`node -e 0`'},
    {id: 'S2', what: '`groupme chats list --json`', cli: ['chats', 'list', '--json'], base: [path.join(here, 'baseline-get.js'), ...chatsUrls], baseWhat: 'node:http GET + print'},
    {id: 'S3', what: '`groupme dm send … --dry-run --json`', cli: ['dm', 'send', PARTNER, 'hi', '--dry-run', '--json'], base: ['-e', '0'], baseWhat: '`node -e 0`'},
  ]
  // The machine env only on the first Node: it shows what NODE_EXTRA_CA_CERTS costs, not Node.
  const runs = NODES.flatMap((node, i) => (i === 0 ? envs : envs.slice(0, 1)).map(([envName, env]) => ({node, envName, env})))
  for (const figure of startups) {
    for (const {node, envName, env} of runs) {
      log(`${figure.id} (${node.name}, ${envName}): ${RUNS} runs each, interleaved`)
      const samples = await interleave(
        [
          {name: 'cli', run: () => mustRun(`${figure.id} on ${node.name}`, node.bin, [BIN, ...figure.cli], {env, stdout: 'pipe'})},
          {name: 'base', run: () => mustRun(`${figure.id} baseline on ${node.name}`, node.bin, figure.base, {env, stdout: 'pipe'})},
        ],
        RUNS,
      )
      const a = samples.cli.map((s) => s.ms)
      const b = samples.base.map((s) => s.ms)
      ratioRow(`${figure.id} ${figure.what}, ${node.name}, ${envName}${envName === 'clean env' ? ' (what users see)' : ''}`, a, b, T_MAX[figure.id], figure.baseWhat)
    }
  }

  // The first run on a machine (or after an upgrade of Node or of the CLI) has no code cache yet,
  // compiles the bundle and writes the cache after its command (src/boot.ts).
  for (const node of NODES) {
    const firsts = []
    for (let i = 0; i < Math.min(RUNS, 3); i++) {
      const env = {...envs[0][1], XDG_CACHE_HOME: mkdtempSync(path.join(tmp, 'first-run-'))}
      firsts.push((await mustRun(`first run on ${node.name}`, node.bin, [BIN, 'chats', 'list', '--json'], {env, stdout: 'pipe'})).ms)
    }

    notes.push(`S2 on ${node.name}, first run with an empty cache directory (it compiles the bundle and writes the code cache): ${fmtMs(median(firsts))} (median of ${firsts.length}).`)
  }

  // ---- MC2: `groupme mcp` to its answer to initialize (test/bench/mcp.js) --------------------
  await mcpStartFigure({runs: RUNS, bin: BIN, tmp, log, rows, notes, failures})

  // ---- T1, T2, R1, M1 (small): the whole history ------------------------------------------
  const expectedRequests = Math.ceil(N / 100) + 1
  const tEnv = cleanEnv(small)
  const exportVariants = (sandbox, env, n, {withCurl}) => {
    const variant = (name, command, args) => ({
      name,
      run: async ({warmup}) => {
        await sandbox.reset()
        // The warm-up run writes to a file, to check the output; timed runs write to /dev/null.
        const file = path.join(tmp, `${name}-${n}.jsonl`)
        const fd = warmup ? openSync(file, 'w') : devNull
        try {
          const result = await mustRun(`${name} over ${n} messages`, command, args, {env, stdout: fd, rssFile: path.join(tmp, `${name}.rss`)})
          const {count, pages} = await sandbox.requests()
          if (warmup) checkJsonl(`${name} output over ${n} messages`, file, n)
          return {...result, requests: count, pages}
        } finally {
          if (warmup) closeSync(fd)
          if (warmup) rmSync(file, {force: true})
        }
      },
    })
    return [
      variant('cli', NODE, [BIN, 'dm', 'list', PARTNER, '--all', '--jsonl']),
      variant('node', process.execPath, [path.join(here, 'baseline-pager.js'), PARTNER]),
      ...(withCurl ? [variant('curl', 'bash', [path.join(here, 'curl-pager.sh'), PARTNER])] : []),
    ]
  }

  log(`T1/T2/R1/M1 over ${N} messages: ${RUNS} runs each, interleaved${hasShellTools ? '' : ' (no curl/jq: T2 skipped)'}`)
  const t = await interleave(exportVariants(small, tEnv, N, {withCurl: hasShellTools}), RUNS)
  const cliMs = t.cli.map((s) => s.ms)
  ratioRow(`T1 \`dm list --all --jsonl > /dev/null\`, ${fmtInt(N)} messages`, cliMs, t.node.map((s) => s.ms), T_MAX.T1, 'node:http keep-alive pager')
  if (hasShellTools) {
    ratioRow(`T2 the same export vs a curl + jq loop, ${fmtInt(N)} messages`, cliMs, t.curl.map((s) => s.ms), T_MAX.T2, '`curl-pager.sh` (curl + jq)', '< 1.0× (faster)')
  } else {
    rows.push(['T2 the same export vs a curl + jq loop', 'skipped', '—', '—', '< 1.0× (faster)', 'SKIP (curl or jq missing)'])
    notes.push('T2 was skipped: curl and/or jq are not installed on this machine.')
  }

  // G1: how much of T1's excess is the transport (got) itself, measured in one process.
  log('G1: per-request cost of the transport against node:http, in one process')
  const g = await mustRun('transport-cost.js', process.execPath, [path.join(here, 'transport-cost.js'), PARTNER, String(Math.max(RUNS, 4))], {env: tEnv, stdout: 'pipe'})
  const {transportMs, httpMs} = JSON.parse(g.stdout.toString())
  const excessMs = median(cliMs) - median(t.node.map((s) => s.ms))
  const transportShare = (transportMs - httpMs) * expectedRequests
  rows.push([
    'G1 one page through the transport (got) vs a bare node:http GET + JSON.parse, same process',
    `${transportMs.toFixed(2)} ms`,
    `${httpMs.toFixed(2)} ms`,
    `${(transportMs / httpMs).toFixed(2)}×`,
    '—',
    'info',
  ])
  notes.push(
    `G1: ${(transportMs - httpMs).toFixed(2)} ms more a request × ${expectedRequests} requests ≈ ${fmtMs(transportShare)} of T1's ${fmtMs(excessMs)} over the Node pager; the rest is start-up.`,
  )

  const cliRequests = t.cli.map((s) => s.requests)
  const r1ok = cliRequests.every((count) => count === expectedRequests)
  if (!r1ok) failures.push(`R1: request counts ${cliRequests.join(', ')}, expected ${expectedRequests} each`)
  rows.push([
    `R1 requests made by T1, ${fmtInt(N)} messages`,
    `${median(cliRequests)} (${cliRequests.every((c) => c === cliRequests[0]) ? `every one of ${cliRequests.length} runs` : `runs: ${cliRequests.join(', ')}`})`,
    `${expectedRequests} = ceil(N/100) + 1`,
    '—',
    'exactly ceil(N/100) + 1',
    r1ok ? 'PASS' : 'FAIL',
  ])
  notes.push(`R1: the baseline pager made ${median(t.node.map((s) => s.requests))} request(s) a run${hasShellTools ? `, the curl loop ${median(t.curl.map((s) => s.requests))}` : ''}.`)

  // ---- M1 (large): peak RSS at BIG messages, with the Node pager's for reference -------------
  log(`M1 over ${BIG} messages: ${RUNS} runs each, interleaved`)
  const m = await interleave(exportVariants(big, cleanEnv(big), BIG, {withCurl: false}), RUNS)
  // MB = 10^6 bytes; %M and VmHWM are KiB.
  const rssSmallMB = mbFromKb(median(t.cli.map((s) => s.rssKb)))
  const rssBigMB = mbFromKb(median(m.cli.map((s) => s.rssKb)))
  const growth = rssBigMB / rssSmallMB
  const bigRequests = m.cli.map((s) => s.requests)
  if (!bigRequests.every((count) => count === Math.ceil(BIG / 100) + 1)) {
    failures.push(`R1 at ${BIG}: request counts ${bigRequests.join(', ')}, expected ${Math.ceil(BIG / 100) + 1} each`)
  }

  rows.push([`M1 peak RSS of T1's export, ${fmtInt(N)} messages`, `${rssSmallMB.toFixed(1)} MB`, '—', '—', '—', 'info'])
  rows.push([
    `M1 peak RSS of the export, ${fmtInt(BIG)} messages`,
    `${rssBigMB.toFixed(1)} MB`,
    '—',
    `${growth.toFixed(2)}× the ${fmtInt(N)} figure`,
    `≤ ${RSS_MAX_MB} MB and ≤ ${RSS_GROWTH_MAX}×`,
    rssBigMB <= RSS_MAX_MB && growth <= RSS_GROWTH_MAX ? 'PASS' : 'MISS',
  ])
  const nodeRssSmall = mbFromKb(median(t.node.map((s) => s.rssKb)))
  const nodeRssBig = mbFromKb(median(m.node.map((s) => s.rssKb)))
  notes.push(
    `M1: MB = 10^6 bytes, peak RSS from ${TIME_BIN ? '`/usr/bin/time -f %M`' : 'VmHWM polled from /proc'} (median of ${RUNS}). ` +
      `For reference the baseline Node pager peaks at ${nodeRssSmall.toFixed(1)} MB (${fmtInt(N)}) and ${nodeRssBig.toFixed(1)} MB (${fmtInt(BIG)}).`,
  )
  const bigCli = median(m.cli.map((s) => s.ms))
  const bigNode = median(m.node.map((s) => s.ms))
  notes.push(`At ${fmtInt(BIG)} messages the export takes ${fmtMs(bigCli)} against the Node pager's ${fmtMs(bigNode)} (${(bigCli / bigNode).toFixed(2)}×), same run, interleaved.`)
  details.push(detail(`export ${fmtInt(BIG)}, CLI`, m.cli.map((s) => s.ms)), detail(`export ${fmtInt(BIG)}, node pager`, m.node.map((s) => s.ms)))

  // ---- L1: the whole history under random faults ---------------------------------------------
  log(`L1 over ${BIG} messages with random faults (rate 1/30)`)
  await big.faults(FAULTS)
  await big.reset()
  const lFile = path.join(tmp, 'l1.jsonl')
  const lFd = openSync(lFile, 'w')
  const l = await timed(NODE, [BIN, 'dm', 'list', PARTNER, '--all', '--jsonl'], {env: cleanEnv(big), stdout: lFd, timeoutMs: 600_000})
  closeSync(lFd)
  await big.faults({...FAULTS, rate: 0})
  const lRequests = (await big.requests()).count
  const {lines, unique} = countIds(lFile)
  const l1ok = l.code === 0 && lines === BIG && unique === BIG
  if (!l1ok) failures.push(`L1: exit ${l.signal ?? l.code}, ${lines} lines, ${unique} unique ids, expected ${BIG}: ${l.stderr.slice(-1000)}`)
  rows.push([
    `L1 \`dm list --all --jsonl\`, ${fmtInt(BIG)} messages, random faults 1/30 (429/500/502/503, seed 1)`,
    `${fmtInt(unique)} unique ids in ${fmtInt(lines)} lines, exit ${l.signal ?? l.code}, ${lRequests} requests, ${fmtMs(l.ms)}`,
    '—',
    '—',
    'exactly N unique, exit 0',
    l1ok ? 'PASS' : 'FAIL',
  ])
  const expectedPages = Math.ceil(BIG / 100) + 1
  notes.push(
    `L1: ${lRequests - expectedPages} of the ${lRequests} requests were repeats after an injected fault (${expectedPages} pages). ` +
      `Without faults the same export took ${fmtMs(bigCli)} (median above), so about ${fmtMs(Math.max(0, l.ms - bigCli))} went to retry back-off.`,
  )

  // ---- L2: an export under random faults, broken 200s included --------------------------------
  log(`L2 over ${BIG} messages with random faults and broken 200s (rate 1/30)`)
  await big.faults(BROKEN_FAULTS)
  await big.reset()
  const l2File = path.join(tmp, 'l2.jsonl')
  // Each run ends exact (exit 0) or non-zero with what it fetched kept in the archive; the next one continues. Never 0 short.
  const l2Runs = []
  for (let run = 0; run < 5 && l2Runs.at(-1)?.code !== 0; run++) {
    l2Runs.push(await timed(NODE, [BIN, 'dm', 'export', PARTNER, '--out', l2File], {env: cleanEnv(big), stdout: devNull, timeoutMs: 600_000}))
  }

  await big.faults({...BROKEN_FAULTS, rate: 0})
  const l2Requests = (await big.requests()).count
  const l2 = countIds(l2File)
  const l2Exits = l2Runs.map((run) => run.signal ?? run.code)
  const l2ok = l2Exits.at(-1) === 0 && l2.lines === BIG && l2.unique === BIG
  if (!l2ok) failures.push(`L2: exits ${l2Exits.join(', ')}, ${l2.lines} lines, ${l2.unique} unique ids, expected ${BIG}: ${l2Runs.at(-1)?.stderr.slice(-1000)}`)
  rows.push([
    `L2 \`dm export\`, ${fmtInt(BIG)} messages, random faults 1/30 (429/5xx and empty, \`{}\`, null and non-array 200s, seed 2)`,
    `${fmtInt(l2.unique)} unique ids in ${fmtInt(l2.lines)} lines, exits ${l2Exits.join(', ')}, ${l2Requests} requests, ${fmtMs(l2Runs.reduce((sum, run) => sum + run.ms, 0))}`,
    '—',
    '—',
    'exactly N unique, last exit 0, no exit 0 before',
    l2ok ? 'PASS' : 'FAIL',
  ])

  // ---- W1, W2, M3: dm watch (test/bench/watch.js, which also runs alone) ----------------------
  const watchFigures = await benchWatch({smoke, log})
  rows.push(...watchFigures.rows)
  notes.push(...watchFigures.notes)
  failures.push(...watchFigures.failures)

  // ---- A1, A2, A3, M2: the archive (test/bench/archive.js) --------------------------------------
  await Promise.all([small?.stop(), big?.stop()])
  await archiveFigures({smoke, runs: RUNS, bin: BIN, tmp, log, rows, notes, failures, cleanEnv})
  // ---- M4: the archive's readers over a million messages (test/bench/archive-memory.js) ----------
  await memoryFigures({smoke, bin: BIN, tmp, log, rows, notes, failures})
  // ---- H1, H2: the archive as a website (test/bench/archive-html.js) ----------------------------
  await htmlFigures({smoke, runs: RUNS, bin: BIN, tmp, log, rows, notes, failures, cleanEnv})
} catch (error) {
  failures.push(`a command failed: ${error.stack ?? error}`)
} finally {
  await Promise.all([small?.stop(), big?.stop()])
  closeSync(devNull)
  rmSync(tmp, {recursive: true, force: true})
}

const report = renderReport()
writeFileSync(outFile, report)
process.stdout.write(report)
log(`wrote ${path.relative(process.cwd(), outFile)} in ${((Date.now() - started) / 1000).toFixed(0)} s`)
if (failures.length > 0) {
  log(`FAILED:\n  ${failures.join('\n  ')}`)
  process.exit(1)
}

// ---- helpers ------------------------------------------------------------------------------

function ratioRow(figure, measured, baseline, max, baseWhat, target = `≤ ${max}×`) {
  const a = median(measured)
  const b = median(baseline)
  const ratio = a / b
  const pass = target.startsWith('<') ? ratio < max : ratio <= max
  rows.push([figure, fmtMs(a), `${fmtMs(b)} (${baseWhat})`, `${ratio.toFixed(2)}×`, target, pass ? 'PASS' : 'MISS'])
  const label = figure.replace(/ \(what users see\)$/, '')
  // Rounds are paired (one run of each a round): the median of per-round ratios is a check on noise.
  const paired = measured.map((value, i) => value / baseline[i])
  details.push(detail(`${label}: measured`, measured), detail(`${label}: baseline`, baseline), detail(`${label}: per-round ratio`, paired, (x) => `${x.toFixed(2)}×`))
}

function detail(name, values, format = fmtMs) {
  const {min, median: mid, max, n} = spread(values)
  return `| ${name} | ${n} | ${format(min)} | ${format(mid)} | ${format(max)} |`
}

function check(what, ok, description) {
  if (!ok) failures.push(`${what}: expected that ${description}`)
}

function checkJsonl(what, file, n) {
  const {lines, unique} = countIds(file)
  check(what, lines === n && unique === n, `it prints ${n} messages with ${n} unique ids, got ${lines} lines and ${unique} unique ids`)
}

function countIds(file) {
  const text = readFileSync(file, 'utf8')
  const ids = new Set()
  let lines = 0
  for (const line of text.split('\n')) {
    if (line === '') continue
    lines++
    try {
      ids.add(JSON.parse(line).id)
    } catch {
      // not JSON: counted as a line, adds no id
    }
  }

  return {lines, unique: ids.size}
}

function withoutGroupme(env) {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('GROUPME_')))
}

function gitDescribe() {
  const head = spawnSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], {encoding: 'utf8'})
  if (head.status !== 0) return 'unknown'
  const dirty = spawnSync('git', ['-C', root, 'status', '--porcelain', '--', 'src', 'bin', 'scripts'], {encoding: 'utf8'}).stdout.trim()
  return `${head.stdout.trim()}${dirty ? ' plus uncommitted changes in src/' : ''}`
}

function renderReport() {
  const cpu = os.cpus()
  const loadAfter = os.loadavg()
  const table = [
    '| figure | measured (median) | baseline (median) | ratio | target | result |',
    '|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ]
  return [
    `# Benchmark results${smoke ? ' (smoke run: small sizes, few runs; not the committed figures)' : ''}`,
    '',
    `Reproduce with \`npm run bench\`${smoke ? ' (this file: `npm run compile && node test/bench/run.js --smoke`)' : ''}.`,
    '',
    `- machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${os.type()} ${os.release()}`,
    `- load average at start ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, at end ${loadAfter.map((x) => x.toFixed(2)).join(' ')} (shared machine: read ratios, not absolute times)`,
    `- ${NODES.map((node) => `${node.name}: ${node.version}${node.bin === process.execPath ? ' (runs every figure)' : ' (start-up figures)'}`).join('; ')}; date ${new Date(started).toISOString()}; code ${code}`,
    `- runs: ${RUNS} of each command, interleaved in rotating order after one untimed warm-up (which also checks the output); medians; the sandbox runs in its own process`,
    `- sizes: T1/T2/R1/M1 over ${fmtInt(N)} messages, M1 and L1 over ${fmtInt(BIG)}`,
    `- environments: "machine env" is this machine's environment (NODE_EXTRA_CA_CERTS ${process.env.NODE_EXTRA_CA_CERTS ? 'is set' : 'is not set'}) plus GROUPME_*; "clean env" is \`env -i PATH HOME\` plus GROUPME_* only, what users see. T, M and L figures use the clean env.`,
    '- code cache: each Node writes its own in the clean HOME on its first run (untimed); the timed runs use it, as a user\'s runs after the first do (src/boot.ts)',
    '',
    ...table,
    '',
    ...failuresAndNotes(failures, notes),
    'Spread of the timings:',
    '',
    '| series | runs | min | median | max |',
    '|---|---|---|---|---|',
    ...details,
    '',
  ].join('\n')
}
