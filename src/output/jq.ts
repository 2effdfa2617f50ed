import {stringifyJson} from '../base/json.js'
import {CliError, UsageError} from '../base/errors.js'
import {sanitizeLine} from '../base/sanitize.js'

/** jq's exit code for a program that does not compile. */
const JQ_COMPILE_ERROR = 3

/** A compiled --jq program: the text it prints for one JSON value (strings raw, as `jq -r`). */
export type JqProgram = (value: unknown, options: {compact: boolean}) => string

interface JqModule {
  loadJq(): Promise<{raw(input: string, query: string, flags?: string[]): {stdout: string; stderr: string; exitCode: number}}>
}

/**
 * `--jq EXPR` on jq-wasm: jq 1.8.2 itself, compiled to WebAssembly (docs/decisions/0009-jq-ship-it-on-jq-wasm-3-0-0-jq-1-8-2-real-jq-in-webassembly.md). It is loaded from node_modules only when --jq is given, never bundled. The
 * program is compiled here, before any request: a bad one is exit 2 with nothing sent.
 */
export async function compileJq(expression: string): Promise<JqProgram> {
  // A dynamic import the bundle turns into a require of node_modules (scripts/bundle.js).
  const {loadJq} = (await import('jq-wasm')) as JqModule
  const jq = await loadJq()
  // Run on null, a compile error shows whatever the input; a runtime error on null is no error here.
  const check = jq.raw('null', expression, ['-r'])
  if (check.exitCode === JQ_COMPILE_ERROR) throw new UsageError(`--jq: ${jqMessage(check.stderr)}`)
  let dead = false
  return (value, {compact}) => {
    if (dead) throw tooLarge()
    let result: {stdout: string; stderr: string; exitCode: number}
    try {
      result = jq.raw(stringifyJson(value), expression, compact ? ['-r', '-c'] : ['-r'])
    } catch (error) {
      // WebAssembly.RuntimeError: the wasm heap is capped at 256 MB; past it the instance aborts and is dead.
      if (error instanceof Error && error.name === 'RuntimeError') {
        dead = true
        throw tooLarge()
      }

      throw error
    }

    if (result.exitCode !== 0) throw new CliError(`--jq: ${jqMessage(result.stderr) || `jq stopped with exit ${result.exitCode}`}`)
    return result.stdout === '' ? '' : result.stdout + '\n'
  }
}

function jqMessage(stderr: string): string {
  return stderr
    .split('\n')
    .map((line) => sanitizeLine(line).trim().replace(/^jq: /, ''))
    .filter((line) => line !== '' && !/^\d+ compile errors?$/.test(line))
    .join(' ')
}

function tooLarge(): CliError {
  return new CliError('the output is too large for --jq; pipe --jsonl into jq instead')
}
