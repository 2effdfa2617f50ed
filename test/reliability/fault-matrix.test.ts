/**
 * Fault matrix: every command crossed with every fault the service (or the network) can throw.
 *
 * A retryable fault injected once must be recovered from (exit 0, nothing sent twice, nothing
 * lost); injected 5 times it spends the retry budget and ends in the README's exit code with one
 * clear line on stderr. A fault that is not retryable ends the run at once. Every run is also
 * checked for clean stdout (--json empty or parsing, --jsonl line by line) and for the token.
 *
 * Each cell gets its own sandbox; the cells run concurrently in beforeAll and the tests judge
 * the records, so the suite takes about as long as its slowest cells.
 */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {ALICE, type FaultSpec, ME, type Sandbox, type SandboxOptions, startSandbox} from '../../src/sandbox/index.js'
import {type CliResult, runCli} from '../helpers/run-in-process.js'
import {failureProblems, nonEmptyLines, sameSet, show, successProblems, tokenProblems} from './helpers/checks.js'
import {ALICE_CHAT, COMMANDS, FAULTS, PARTNER} from './helpers/fault-cases.js'
import {type RunRecord, runFaultCase, variantsOf} from './helpers/fault-run.js'
import {CONCURRENCY, inPool} from './helpers/pool.js'

/**
 * Pairs where the CLI is known to misbehave: the test documents the bug (test.failing) and the
 * suite stays green. None at present.
 */
const KNOWN_BUGS: Record<string, string> = {}

const key = (command: string, fault: string) => `${command} × ${fault}`
const records = new Map<string, RunRecord[]>()

/**
 * Scenarios across more than one request: a fault on the follow-up of a recovery, a definite
 * refusal followed by a 404/409 that the client must not take for its own earlier success, and
 * random faults over a long history.
 */
interface Scenario {
  name: string
  /** Set when the CLI is known to fail it: what goes wrong. */
  bug?: string
  sandbox?: SandboxOptions
  faults?: FaultSpec[]
  run: (sandbox: Sandbox, cli: (args: string[]) => Promise<CliResult>) => Promise<string[]>
}

const NO_WAIT = {'Retry-After': '0'}
const SCENARIOS: Scenario[] = [
  // deliver() in src/lib/dm/send.ts: after a 'delivered-earlier' outcome the message is looked up;
  // a failed look-up is only a note (the message was sent once), and no message is invented.
  {
    name: 'dm send: the answer is lost, then the look-up of the delivered message fails',
    faults: [
      {method: 'POST', path: '/v3/direct_messages', kind: 'drop-after-commit'},
      {method: 'GET', path: '/v3/direct_messages', kind: 'status', status: 500, headers: NO_WAIT, times: 5},
    ],
    run: async (sandbox, cli) => {
      // --dedupe-window 0: the faults are for the look-up after the lost answer, not the look-back before sending.
      const result = await cli(['dm', 'send', ALICE.id, 'delivered, answer lost', '--source-guid', 'lost-answer-lookup', '--dedupe-window', '0'])
      const problems = successProblems(result)
      const sent = sandbox.store.countBySourceGuid('lost-answer-lookup')
      if (sent !== 1) problems.push(`${sent} messages with the guid, expected 1`)
      return problems
    },
  },
  // The transport reports whether an earlier attempt may have been carried out
  // (earlierAttemptMayHaveLanded, src/api/transport.ts): a definite answer such as a 429 proves
  // nothing was done, so the 404 after it is a real "not found" (GroupMeClient.deleteMessage).
  {
    name: 'dm delete: a 429, then a 404 for a message that never existed, is not found (exit 4)',
    faults: [{method: 'DELETE', path: /^\/v3\/conversations\//, kind: 'status', status: 429, headers: NO_WAIT}],
    run: async (_sandbox, cli) => {
      const result = await cli(['dm', 'delete', ALICE_CHAT, '123456789', '--yes'])
      return failureProblems(result, 'plain', {exit: 4, code: 'not_found', status: 404, message: /404|not found/i})
    },
  },
  // The same rule for sends (GroupMeClient.sendMessage): a 409 after a definite refusal is this
  // guid used before, a conflict, not our own earlier attempt.
  {
    name: 'dm send: a --source-guid used a moment ago, whose new first attempt meets a 429, is a conflict (exit 6)',
    run: async (sandbox, cli) => {
      const first = await cli(['dm', 'send', ALICE.id, 'first text', '--source-guid', 'reused-guid'])
      if (first.code !== 0) return [`the first send exited ${first.code}`]
      sandbox.inject({method: 'POST', path: '/v3/direct_messages', kind: 'status', status: 429, headers: NO_WAIT})
      const again = await cli(['dm', 'send', ALICE.id, 'second text', '--source-guid', 'reused-guid'])
      const problems = failureProblems(again, 'plain', {exit: 6, code: 'conflict', status: 409, message: /already sent|409/})
      if (again.stdout !== '') problems.push(`stdout shows a message that this run did not send: ${show(again.stdout)}`)
      const sent = sandbox.store.countBySourceGuid('reused-guid')
      if (sent !== 1) problems.push(`${sent} messages with the guid, expected 1`)
      return problems
    },
  },
  {
    name: 'dm tail: a run that fails (500 x5) leaves the state; the next prints the 150 new messages once, oldest first',
    run: async (sandbox, cli) => {
      const state = join(mkdtempSync(join(tmpdir(), 'groupme-reliability-tail-')), 'alice.json')
      const args = ['dm', 'tail', ALICE.id, '--state', state, '--jsonl']
      const init = await cli([...args, '--init'])
      if (init.code !== 0) return [`--init exited ${init.code}: ${show(init.stderr)}`]
      const stateBefore = readFileSync(state, 'utf8')
      const arrived = sandbox.store.addMessages(ALICE.id, 150).map((message) => message.id)
      // The first page passes, the second spends the retry budget.
      sandbox.inject({method: 'GET', path: '/v3/direct_messages', kind: 'delay', ms: 0})
      sandbox.inject({method: 'GET', path: '/v3/direct_messages', kind: 'status', status: 500, headers: NO_WAIT, times: 5})
      const failed = await cli(args)
      const problems = failureProblems(failed, 'jsonl', {exit: 1, code: 'server', status: 500, message: /500/})
      if (failed.stdout !== '') problems.push(`the failed run printed ${nonEmptyLines(failed.stdout).length} line(s)`)
      if (readFileSync(state, 'utf8') !== stateBefore) problems.push('the failed run moved the state')
      const again = await cli(args)
      problems.push(...successProblems(again))
      const printed = nonEmptyLines(again.stdout).map((line) => (JSON.parse(line) as {id: string}).id)
      if (printed.join() !== arrived.join()) problems.push(`printed ${printed.length} ids, not the ${arrived.length} new ones in order`)
      const idle = await cli(args)
      if (idle.code !== 0 || idle.stdout !== '') problems.push(`the run after printed ${show(idle.stdout)} (exit ${idle.code})`)
      return problems
    },
  },
  {
    name: 'dm purge: one DELETE dropped after commit, one 503 and one 429: every message of mine goes, once; a re-run finds nothing',
    run: async (sandbox, cli) => {
      const mine = sandbox.store.addMessages(ALICE.id, 6, {from: 'me', text: (i) => `purge me ${i}`})
      const args = ['dm', 'purge', ALICE.id, '--mine', '--match', '^purge me', '--yes', '--json']
      sandbox.inject({method: 'DELETE', path: /^\/v3\/conversations\//, kind: 'drop-after-commit'})
      sandbox.inject({method: 'DELETE', path: /^\/v3\/conversations\//, kind: 'delay', ms: 0})
      sandbox.inject({method: 'DELETE', path: /^\/v3\/conversations\//, kind: 'status', status: 503, headers: NO_WAIT})
      sandbox.inject({method: 'DELETE', path: /^\/v3\/conversations\//, kind: 'delay', ms: 0})
      sandbox.inject({method: 'DELETE', path: /^\/v3\/conversations\//, kind: 'status', status: 429})
      const purge = await cli(args)
      const problems = successProblems(purge)
      const summary = JSON.parse(purge.stdout || 'null') as {matched?: number; deleted?: number; skipped?: number; failed?: number} | null
      if (summary?.matched !== 6 || summary.failed !== 0 || (summary.deleted ?? 0) + (summary.skipped ?? 0) !== 6) {
        problems.push(`summary ${JSON.stringify(summary)}`)
      }

      const left = mine.filter((message) => message.deleted_at === undefined).map((message) => message.id)
      if (left.length > 0) problems.push(`${left.length} of my messages are not deleted`)
      const others = sandbox.store.messages(ALICE.id).filter((message) => message.sender_id !== ME.id && message.deleted_at !== undefined)
      // The seed holds one message of Alice's that was deleted already; nothing else of hers may go.
      if (others.length !== 1) problems.push(`${others.length} of Alice's messages are deleted, expected the seed's 1`)
      const again = await cli(args)
      const second = JSON.parse(again.stdout || 'null') as {matched?: number} | null
      if (again.code !== 0 || second?.matched !== 0) problems.push(`the re-run: exit ${again.code}, ${show(again.stdout)}`)
      return problems
    },
  },
  {
    name: 'dm list --all --jsonl through seeded random 429/5xx faults lists every message exactly once',
    sandbox: {messages: 1000},
    run: async (sandbox, cli) => {
      sandbox.randomFaults({rate: 0.2, seed: 7})
      const result = await cli(['dm', 'list', PARTNER, '--all', '--jsonl'])
      const faulted = sandbox.requests.length - 11
      const ids = nonEmptyLines(result.stdout).map((line) => (JSON.parse(line) as {id: string}).id)
      const problems = [...successProblems(result), ...sameSet(ids, sandbox.store.messages(PARTNER).map((message) => message.id))]
      if (faulted < 1) problems.push('no random fault was served: the scenario tested nothing')
      return problems
    },
  },
  {
    name: 'dm export through random faults and a spent retry budget: re-runs finish with the whole history once, in order',
    sandbox: {messages: 600},
    run: async (sandbox, cli) => {
      const out = join(mkdtempSync(join(tmpdir(), 'groupme-reliability-export-')), 'random.jsonl')
      sandbox.randomFaults({rate: 0.25, seed: 3})
      sandbox.inject({method: 'GET', path: '/v3/direct_messages', kind: 'delay', ms: 0, times: 3})
      sandbox.inject({method: 'GET', path: '/v3/direct_messages', kind: 'status', status: 503, headers: NO_WAIT, times: 5})
      const codes: Array<number | null> = []
      for (let run = 0; run < 6 && codes[codes.length - 1] !== 0; run++) {
        codes.push((await cli(['dm', 'export', PARTNER, '--out', out, '--page-size', '50'])).code)
      }

      const problems: string[] = []
      if (codes[0] !== 1) problems.push(`the first run exited ${codes[0]}, expected 1 (the retry budget was spent)`)
      if (codes[codes.length - 1] !== 0) problems.push(`no run finished: exits ${codes.join(', ')}`)
      const ids = readFileSync(out, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as {id: string}).id)
      const stored = sandbox.store.messages(PARTNER).map((message) => message.id)
      problems.push(...sameSet(ids, stored))
      if (problems.length === 0 && ids.join() !== stored.join()) problems.push('the file is not oldest first')
      return problems
    },
  },
]
const scenarioProblems = new Map<string, string[]>()

async function runScenario(scenario: Scenario): Promise<void> {
  const sandbox = await startSandbox(scenario.sandbox ?? {})
  const results: CliResult[] = []
  try {
    for (const fault of scenario.faults ?? []) sandbox.inject(fault)
    const problems = await scenario.run(sandbox, async (args) => {
      const result = await runCli(args, {sandbox})
      results.push(result)
      return result
    })
    for (const result of results) problems.push(...tokenProblems(result, sandbox.token))
    scenarioProblems.set(scenario.name, problems)
  } catch (error) {
    scenarioProblems.set(scenario.name, [`the scenario threw: ${(error as Error).message}`])
  } finally {
    await sandbox.close()
  }
}

describe('fault matrix', () => {
  beforeAll(async () => {
    const tasks = COMMANDS.flatMap((command) =>
      FAULTS.flatMap((fault, faultIndex) =>
        variantsOf(fault).map((variant, variantIndex) => async () => {
          // Spread the output modes over the cells: each command meets each mode, failing and recovering.
          const mode = command.modes[(faultIndex + variantIndex) % command.modes.length]
          return runFaultCase(command, fault, variant, mode)
        }),
      ),
    )
    const scenarios = SCENARIOS.map((scenario) => async () => {
      await runScenario(scenario)
      return undefined
    })
    const done = await inPool<RunRecord | undefined>([...scenarios, ...tasks], CONCURRENCY)
    for (const record of done) {
      if (!record) continue
      const pair = key(record.command, record.fault)
      records.set(pair, [...(records.get(pair) ?? []), record])
    }
  }, 300_000)

  afterAll(() => {
    const width = Math.max(...FAULTS.map((fault) => fault.name.length))
    const cells = (fault: string) =>
      COMMANDS.map((command) => {
        const runs = records.get(key(command.name, fault)) ?? []
        const ok = runs.length > 0 && runs.every((run) => run.problems.length === 0)
        return (runs.length === 0 ? '-' : ok ? 'ok' : 'FAIL').padEnd(command.name.length)
      }).join(' | ')
    const all = [...records.values()]
    const passed = all.filter((runs) => runs.every((run) => run.problems.length === 0)).length
    const lines = [
      `fault matrix: ${all.length} pairs tried (${all.flat().length} runs), ${passed} passed, ${all.length - passed} failed`,
      `${''.padEnd(width)} | ${COMMANDS.map((command) => command.name).join(' | ')}`,
      ...FAULTS.map((fault) => `${fault.name.padEnd(width)} | ${cells(fault.name)}`),
      ...all.flat().flatMap((run) => run.problems.map((problem) => `  FAIL ${key(run.command, run.fault)} [${run.variant}, ${run.mode}]: ${problem}`)),
      `scenarios: ${SCENARIOS.length} tried, ${SCENARIOS.filter((scenario) => scenarioProblems.get(scenario.name)?.length === 0).length} passed, ` +
        `${SCENARIOS.filter((scenario) => scenario.bug).length} known bugs`,
      ...SCENARIOS.flatMap((scenario) => (scenarioProblems.get(scenario.name) ?? ['not run']).map((problem) => `  FAIL ${scenario.name}: ${problem}`)),
    ]
    process.stderr.write(lines.join('\n') + '\n')
    // For a closer look at every run: RELIABILITY_DUMP=/tmp/matrix.json
    if (process.env.RELIABILITY_DUMP) writeFileSync(process.env.RELIABILITY_DUMP, JSON.stringify(all.flat(), null, 1))
  })

  for (const command of COMMANDS) {
    for (const fault of FAULTS) {
      const pair = key(command.name, fault.name)
      const bug = KNOWN_BUGS[pair]
      const name = bug ? `${pair} (known bug: ${bug})` : pair
      ;(bug ? test.failing : test)(name, () => {
        const runs = records.get(pair) ?? []
        expect(runs.map((run) => run.variant)).toEqual(variantsOf(fault))
        expect(runs.flatMap((run) => run.problems.map((problem) => `[${run.variant}, ${run.mode}] ${problem}`))).toEqual([])
      })
    }
  }

  describe('scenarios', () => {
    for (const scenario of SCENARIOS) {
      const name = scenario.bug ? `${scenario.name} (known bug: ${scenario.bug})` : scenario.name
      ;(scenario.bug ? test.failing : test)(name, () => {
        expect(scenarioProblems.get(scenario.name)).toEqual([])
      })
    }
  })
})
