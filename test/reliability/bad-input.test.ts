/**
 * Bad input across every command: exit 2, one stderr line that names the bad flag or argument,
 * and nothing sent (the sandbox sees zero requests). A sample is repeated with --json (where the
 * command takes it), where the error must be one JSON object on stderr with code "usage" and stdout empty.
 */
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {readFileSync} from 'node:fs'
import {type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {type CliResult, runInProcessOrSpawn} from '../helpers/run-in-process.js'
import {BAD_INPUTS, type BadInput} from './helpers/bad-inputs.js'
import {nonEmptyLines, show, tokenProblems, UNSAFE_CHARACTERS} from './helpers/checks.js'
import {CONCURRENCY, inPool} from './helpers/pool.js'

const JSON_SAMPLE_EVERY = 5

const manifest = JSON.parse(readFileSync(new URL('../../oclif.manifest.json', import.meta.url), 'utf8')) as {
  commands: Record<string, {flags: Record<string, {hidden?: boolean}>}>
}

/**
 * Whether the command the words name takes --json: those that refuse it (groupme mcp, completion)
 * say their errors in a line whatever is typed (docs/decisions/0073-an-output-flag-a-command-cannot-honour-is-refused.md).
 * Words that name no command are answered before any command, as --json asks.
 */
function takesJson(args: string[]): boolean {
  const id = [2, 1].map((words) => args.slice(0, words).join(':')).find((candidate) => candidate in manifest.commands)
  return id === undefined || manifest.commands[id].flags.json?.hidden !== true
}

interface Outcome {
  problems: string[]
  results: CliResult[]
}

const outcomes = new Map<string, Outcome>()

async function runBadInput(input: BadInput, index: number): Promise<Outcome> {
  const sandbox: Sandbox = await startSandbox()
  try {
    const problems: string[] = []
    const results: CliResult[] = []
    const run = async (args: string[]) => {
      // Our commands run in-process; what oclif answers before any command (a misspelt one) needs the process.
      const result = await runInProcessOrSpawn(args, {sandbox, stdin: input.stdin, env: input.env})
      results.push(result)
      return result
    }

    const result = await run(input.args)
    if (result.code !== 2) problems.push(`exit ${result.code}, expected 2; stderr: ${show(result.stderr, 300)}`)
    const lines = nonEmptyLines(result.stderr)
    if (lines.length !== 1) problems.push(`stderr has ${lines.length} lines, expected 1: ${show(result.stderr, 400)}`)
    // A case that asks for --json itself must get the JSON error object instead of the line.
    const json = input.args.includes('--json')
    if (json ? !lines[0]?.startsWith('{"error":') : !lines[0]?.startsWith('Error: ')) {
      problems.push(`stderr does not start with ${json ? '{"error":' : '"Error: "'}: ${show(result.stderr)}`)
    }

    // Judged without the "See: groupme … --help" hint, which names the command, not the bad part.
    const message = result.stderr.replace(/See: groupme [^\n]*--help/g, '')
    if (!input.names.test(message)) problems.push(`stderr does not name the bad part (${input.names}): ${show(result.stderr, 300)}`)
    if (input.says && !input.says.test(message)) problems.push(`stderr does not say what is wrong (${input.says}): ${show(result.stderr, 300)}`)
    if (UNSAFE_CHARACTERS.test(result.stderr)) problems.push('stderr holds control characters')
    if (result.stdout !== '') problems.push(`stdout is not empty: ${show(result.stdout)}`)
    if (input.hidden && (result.stdout + result.stderr).includes(input.hidden)) problems.push('the output shows what must stay hidden')

    if (index % JSON_SAMPLE_EVERY === 0 && !json && takesJson(input.args)) {
      const json = await run([...input.args, '--json'])
      if (json.code !== 2) problems.push(`with --json: exit ${json.code}, expected 2`)
      if (json.stdout !== '') problems.push(`with --json: stdout is not empty: ${show(json.stdout)}`)
      try {
        const {error} = JSON.parse(json.stderr) as {error: {code: unknown; status: unknown; message: unknown}}
        if (error.code !== 'usage' || error.status !== null || typeof error.message !== 'string') {
          problems.push(`with --json: the error is ${show(json.stderr)}`)
        }
      } catch {
        problems.push(`with --json: stderr is not one JSON object: ${show(json.stderr)}`)
      }
    }

    const sent = sandbox.requests.map((request) => `${request.method} ${request.path}`)
    if (sent.length > 0) problems.push(`${sent.length} request(s) reached the sandbox: ${sent.join(', ')}`)
    for (const each of results) problems.push(...tokenProblems(each, sandbox.token))
    return {problems, results}
  } finally {
    await sandbox.close()
  }
}

describe('bad input is exit 2, names the bad part, and sends nothing', () => {
  const runnable = BAD_INPUTS.filter((input) => !input.skip)

  beforeAll(async () => {
    const done = await inPool(
      runnable.map((input, index) => () => runBadInput(input, index)),
      CONCURRENCY,
    )
    for (const [index, outcome] of done.entries()) outcomes.set(runnable[index].name, outcome)
  }, 180_000)

  afterAll(() => {
    const passed = runnable.filter((input) => outcomes.get(input.name)?.problems.length === 0).length
    const bugs = runnable.filter((input) => input.bug).length
    const skipped = BAD_INPUTS.filter((input) => input.skip)
    const lines = [
      `bad input: ${BAD_INPUTS.length} cases, ${runnable.length} run, ${passed} passed, ${runnable.length - passed} failed (${bugs} known bugs), ${skipped.length} skipped` +
        (skipped.length > 0 ? ` (${skipped.map((input) => `${input.name}: ${input.skip}`).join('; ')})` : ''),
      ...runnable.flatMap((input) => (outcomes.get(input.name)?.problems ?? []).map((problem) => `  FAIL ${input.name}: ${problem}`)),
    ]
    process.stderr.write(lines.join('\n') + '\n')
  })

  test('there are at least 40 cases', () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(40)
  })

  for (const input of BAD_INPUTS) {
    const name = input.bug ? `${input.name} (known bug: ${input.bug})` : input.name
    if (input.skip) {
      // Not run where it cannot fail: see `skip`.
      test.skip(`${name} (skipped: ${input.skip})`, () => {})
      continue
    }

    ;(input.bug ? test.failing : test)(name, () => {
      expect(outcomes.get(input.name)?.problems).toEqual([])
    })
  }
})
