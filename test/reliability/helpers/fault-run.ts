/**
 * One cell of the fault matrix: a fresh sandbox, the fault injected at the command's target,
 * the command run in-process against it (test/helpers/run-in-process.ts), and every check applied.
 */
import {type Sandbox, startSandbox} from '../../../src/sandbox/index.js'
import {type CliResult, runCli} from '../../helpers/run-in-process.js'
import {failureProblems, modeFlags, type OutputMode, parseStdout, successProblems, tokenProblems} from './checks.js'
import type {CommandCase, Fault, Target} from './fault-cases.js'

export type Variant = 'once' | 'exhausted' | 'not retried'

/** The retry budget: 5 attempts in all. */
export const ATTEMPTS = 5

export interface RunRecord {
  command: string
  fault: string
  variant: Variant
  mode: OutputMode
  args: string[]
  result: CliResult
  /** Every run of the case, the export's re-run included, for the token scan. */
  results: CliResult[]
  urls: string[]
  problems: string[]
}

export function variantsOf(fault: Fault): Variant[] {
  return fault.retryable ? ['once', 'exhausted'] : ['not retried']
}

function matches(target: Target, request: {method: string; path: string}): boolean {
  if (request.method !== target.method) return false
  return typeof target.path === 'string' ? request.path === target.path : target.path.test(request.path)
}

export async function runFaultCase(
  command: CommandCase,
  fault: Fault,
  variant: Variant,
  mode: OutputMode,
  options: {extraArgs?: string[]} = {},
): Promise<RunRecord> {
  const sandbox: Sandbox = await startSandbox(command.sandbox)
  try {
    const label = `${command.name} ${fault.name} ${variant} ${mode}`
    const prepared = command.prepare(sandbox, label)
    if (command.passFirst > 0) sandbox.inject({...command.target, kind: 'delay', ms: 0, times: command.passFirst})
    // As many faults as the run makes attempts: one more would land on the re-run of `recover`.
    const attempts = fault.attempts ?? ATTEMPTS
    sandbox.inject({...fault.spec(command.target), times: variant === 'exhausted' ? attempts : 1})
    const args = [...prepared.args, ...modeFlags(mode), ...(fault.args ?? []), ...(options.extraArgs ?? [])]
    const result = await runCli(args, {sandbox})
    const results = [result]
    const problems: string[] = []

    const succeeded = variant === 'once'
    problems.push(...(succeeded ? successProblems(result) : failureProblems(result, mode, fault.expected, {otherLines: command.otherStderrLines})))
    const parsed = parseStdout(result.stdout, mode)
    problems.push(...parsed.problems)
    problems.push(...prepared.check(result, {succeeded, fault, mode, values: parsed.values}))

    // Retried exactly as documented: not at all, or until the 5 attempts are spent.
    const hits = sandbox.requests.filter((request) => matches(command.target, request)).length - command.passFirst
    if (variant === 'not retried' && hits !== 1) problems.push(`${hits} attempts at ${command.target.method} ${String(command.target.path)}, expected 1 (not retryable)`)
    if (variant === 'exhausted' && hits !== attempts) problems.push(`${hits} attempts at the target, expected ${attempts}`)
    if (variant === 'once' && hits < 2) problems.push(`${hits} attempt(s) at the target: the fault was not retried`)

    if (prepared.recover) {
      problems.push(
        ...(await prepared.recover(async (rerunArgs) => {
          const again = await runCli(rerunArgs, {sandbox})
          results.push(again)
          return again
        })),
      )
    }

    for (const [index, each] of results.entries()) problems.push(...tokenProblems(each, sandbox.token, index === 0 ? 'run' : 're-run'))
    const urls = sandbox.requests.map((request) => request.url)
    if (urls.some((url) => url.includes(sandbox.token))) problems.push('the token is in a request URL')
    return {command: command.name, fault: fault.name, variant, mode, args, result, results, urls, problems}
  } finally {
    await sandbox.close()
  }
}
