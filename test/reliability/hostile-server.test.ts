/**
 * Hostile-server matrix: the paging commands (dm list --all, dm export, dm tail, chats list --all)
 * against every broken shape the sandbox can serve in the middle of a walk: an empty 200, `{}`, a
 * null response, an object where the list should be, a 204 on a GET, ids as bare JSON numbers past
 * 2^53, a body too big to hold and an answer that trickles in.
 *
 * Whatever the shape: never exit 0 with a short result, never a lost, doubled or rounded id, never
 * a hang, and a failure is one clear line. A broken shape injected once is retried away (exit 0,
 * exact); injected on all 5 attempts it is exit 1 with nothing sealed (the export's re-run is exact).
 */
import {mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, test} from '@jest/globals'
import {parseJsonLossless} from '../../src/base/json.js'
import {BENCH_PARTNER, BROKEN_SHAPES, type FaultSpec, type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {type CliResult, runCli} from '../helpers/run-in-process.js'
import {failureProblems, nonEmptyLines, sameSet, show, successProblems, tokenProblems} from './helpers/checks.js'
import {CONCURRENCY, inPool} from './helpers/pool.js'

const PARTNER = BENCH_PARTNER.id
const HISTORY = 250
const ATTEMPTS = 5
const MESSAGES = {method: 'GET', path: '/v3/direct_messages'}
const CHATS = {method: 'GET', path: '/v3/chats'}

/** Every `"id":…` value in printed JSON, as written (quoted or bare): a rounded id shows here. */
function printedIds(text: string): string[] {
  return [...text.matchAll(/"id":\s*"?(\d+)"?/g)].map((match) => match[1])
}

/** A field of each JSONL line, read without rounding (JSON.parse would round a bare id past 2^53). */
function lineField(text: string, read: (value: Record<string, unknown>) => unknown): string[] {
  return nonEmptyLines(text).map((line) => {
    try {
      return String(read(parseJsonLossless(line) as Record<string, unknown>))
    } catch {
      return `unreadable line ${show(line, 60)}`
    }
  })
}

const lineIds = (text: string) => lineField(text, (value) => value.id)

interface Command {
  name: string
  target: {method: string; path: string}
  /** Matching requests let through first, so the fault lands mid-walk. */
  passFirst: number
  /** Set up, run once with the fault queued, and judge. `ok`: whether the run must succeed. */
  run: (sandbox: Sandbox, cli: (args: string[]) => Promise<CliResult>, inject: () => void, ok: boolean) => Promise<string[]>
}

const stored = (sandbox: Sandbox) => sandbox.store.messages(PARTNER).map((message) => message.id)

const COMMANDS: Command[] = [
  {
    name: 'dm list --all --jsonl',
    target: MESSAGES,
    passFirst: 1,
    run: async (sandbox, cli, inject, ok) => {
      inject()
      const result = await cli(['dm', 'list', PARTNER, '--all', '--jsonl'])
      if (!ok) return []
      return sameSet(lineIds(result.stdout), stored(sandbox))
    },
  },
  {
    name: 'dm export',
    target: MESSAGES,
    passFirst: 1,
    run: async (sandbox, cli, inject) => {
      const out = join(mkdtempSync(join(tmpdir(), 'groupme-hostile-export-')), 'partner.jsonl')
      inject()
      const first = await cli(['dm', 'export', PARTNER, '--out', out, '--page-size', '100'])
      const problems: string[] = []
      // Whatever the first run did, the next one (no faults) ends with the whole history once, in order.
      const again = first.code === 0 ? first : await cli(['dm', 'export', PARTNER, '--out', out, '--page-size', '100'])
      if (again.code !== 0) problems.push(`the re-run exited ${again.code}: ${show(again.stderr)}`)
      const ids = lineIds(readFileSync(out, 'utf8'))
      problems.push(...sameSet(ids, stored(sandbox)).map((problem) => `export file: ${problem}`))
      if (problems.length === 0 && ids.join() !== stored(sandbox).join()) problems.push('export file: not oldest first')
      return problems
    },
  },
  {
    name: 'dm tail',
    target: MESSAGES,
    passFirst: 1,
    run: async (sandbox, cli, inject, ok) => {
      const state = join(mkdtempSync(join(tmpdir(), 'groupme-hostile-tail-')), 'state.json')
      const args = ['dm', 'tail', PARTNER, '--state', state, '--jsonl']
      const init = await cli([...args, '--init'])
      if (init.code !== 0) return [`--init exited ${init.code}: ${show(init.stderr)}`]
      const arrived = sandbox.store.addMessages(PARTNER, 150).map((message) => message.id)
      inject()
      const result = await cli(args)
      const problems: string[] = []
      if (!ok && result.stdout !== '') problems.push(`the failed run printed ${nonEmptyLines(result.stdout).length} line(s)`)
      const printed = ok ? lineIds(result.stdout) : lineIds((await cli(args)).stdout)
      if (printed.join() !== arrived.join()) problems.push(`printed ${printed.length} ids, not the ${arrived.length} new ones in order`)
      return problems
    },
  },
  {
    name: 'chats list --all --jsonl',
    target: CHATS,
    passFirst: 0,
    run: async (sandbox, cli, inject, ok) => {
      inject()
      const result = await cli(['chats', 'list', '--all', '--jsonl'])
      if (!ok) return []
      const listed = lineField(result.stdout, (value) => (value.other_user as {id: unknown}).id)
      return sameSet(listed, sandbox.store.chats().map((chat) => String(chat.other_user.id)))
    },
  },
]

interface Shape {
  name: string
  /** The fault, or the fault for a target path. */
  spec: FaultSpec | ((path: string) => FaultSpec)
  /** Queued this many times: once is retried away, ATTEMPTS spends the retry budget. */
  times: number
  args?: string[]
  /** undefined: the run must succeed. */
  expected?: {code: string; message: RegExp}
}

const SHAPES: Shape[] = [
  ...BROKEN_SHAPES.flatMap((shape): Shape[] => [
    {name: `${shape}, once`, spec: {kind: 'broken', shape}, times: 1},
    {name: `${shape}, on every attempt`, spec: {kind: 'broken', shape}, times: ATTEMPTS, expected: {code: 'server', message: /broken answer/}},
  ]),
  {
    name: 'a null where an id or an object must be, on every attempt',
    spec: (path) => ({kind: 'status', status: 200, body: path === CHATS.path ? NULL_OTHER_USER : NULL_ID}),
    times: ATTEMPTS,
    expected: {code: 'server', message: /broken answer to a 200 \((direct_messages\[0\]\.id is null, not a numeric id|chats\[0\]\.other_user is null, not an object)\)/},
  },
  {name: 'ids as bare numbers past 2^53', spec: {kind: 'numeric-ids'}, times: 1000},
  {name: 'a 17 MiB body', spec: {kind: 'huge', bytes: 17 * 1024 * 1024}, times: 1, expected: {code: 'network', message: /larger than 16 MiB/}},
  // Each attempt waits --timeout; a trickle on one attempt is retried away, on every attempt it ends at twice --timeout.
  {name: 'a trickle past --timeout, once', spec: {kind: 'trickle', intervalMs: 200}, times: 1, args: ['--timeout', '2']},
  {
    name: 'a trickle past --timeout, on both attempts the deadline leaves time for',
    spec: {kind: 'trickle', intervalMs: 200},
    times: 2,
    args: ['--timeout', '2'],
    expected: {code: 'network', message: /timed out: no answer within 4 s, the deadline for a request and its retries/},
  },
]

const NULL_ID = JSON.stringify({response: {count: HISTORY, direct_messages: [{id: null, created_at: 1, text: 'x'}]}, meta: {code: 200}})
const NULL_OTHER_USER = JSON.stringify({response: [{other_user: null, messages_count: 1}], meta: {code: 200}})

const results = new Map<string, string[]>()
const key = (command: Command, shape: Shape) => `${command.name} × ${shape.name}`

async function runCell(command: Command, shape: Shape): Promise<string[]> {
  const sandbox = await startSandbox({messages: HISTORY})
  const runs: CliResult[] = []
  try {
    const ok = shape.expected === undefined
    let faulted: CliResult | undefined
    let armed = false
    const inject = () => {
      armed = true
      if (command.passFirst > 0) sandbox.inject({...command.target, kind: 'delay', ms: 0, times: command.passFirst})
      const spec = typeof shape.spec === 'function' ? shape.spec(command.target.path) : shape.spec
      sandbox.inject({...command.target, ...spec, times: shape.times} as FaultSpec)
    }

    const problems = await command.run(
      sandbox,
      async (args) => {
        const result = await runCli([...args, ...(shape.args ?? [])], {sandbox})
        // The run the fault was queued for is the first after inject(); earlier ones are set-up.
        if (armed && !faulted) faulted = result

        runs.push(result)
        return result
      },
      inject,
      ok,
    )
    if (!faulted) return ['the command never ran']
    problems.push(...(ok ? successProblems(faulted) : failureProblems(faulted, 'plain', {...shape.expected!, exit: 1, status: null}, {otherLines: true})))
    if (typeof shape.spec !== 'function' && shape.spec.kind === 'numeric-ids' && ok) {
      const served = new Set([...stored(sandbox), ...sandbox.store.chats().map((chat) => String(chat.last_message?.id ?? ''))])
      const rounded = printedIds(faulted.stdout).filter((id) => id.length >= 16 && !served.has(id))
      if (rounded.length > 0) problems.push(`ids printed that the service never sent (rounded?): ${rounded.slice(0, 3).join(', ')}`)
      const cursors = sandbox.requests.map((request) => new URLSearchParams(request.query).get('before_id')).filter((id) => id !== null)
      const bad = cursors.filter((id) => !served.has(id!))
      if (bad.length > 0) problems.push(`before_id cursors the service never sent: ${bad.slice(0, 3).join(', ')}`)
    }

    for (const run of runs) problems.push(...tokenProblems(run, sandbox.token))
    return problems
  } finally {
    await sandbox.close()
  }
}

beforeAll(async () => {
  const cells = COMMANDS.flatMap((command) => SHAPES.map((shape) => ({command, shape})))
  await inPool(
    cells.map(({command, shape}) => async () => {
      try {
        results.set(key(command, shape), await runCell(command, shape))
      } catch (error) {
        results.set(key(command, shape), [`the cell threw: ${(error as Error).message}`])
      }
    }),
    // Fewer at once: the cells serving a 17 MiB body hold it in memory.
    Math.min(CONCURRENCY, 8),
  )
}, 600_000)

describe.each(COMMANDS.map((command) => [command.name, command] as const))('%s', (_name, command) => {
  test.each(SHAPES.map((shape) => [shape.name, shape] as const))('%s', (_shape, shape) => {
    expect(results.get(key(command, shape))).toEqual([])
  })
})
