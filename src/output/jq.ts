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
  let dead = false
  // WebAssembly.RuntimeError: the wasm heap is capped at 256 MB (and its stack with it); past it the
  // instance aborts and is dead: a budget, said in one line.
  const run = (input: string, flags: string[]) => {
    if (dead) throw tooLarge()
    try {
      return quietly(() => jq.raw(input, expression, flags))
    } catch (error) {
      if (error instanceof Error && error.name === 'RuntimeError') {
        dead = true
        throw tooLarge()
      }

      throw error
    }
  }

  // Run on null, a compile error shows whatever the input; a runtime error on null is no error here.
  const check = run('null', ['-r'])
  if (check.exitCode === JQ_COMPILE_ERROR) throw new UsageError(`--jq: ${jqMessage(check.stderr)}`)
  return (value, {compact}) => {
    const result = run(stringifyJson(value), compact ? ['-r', '-c'] : ['-r'])

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

function tooLarge(): UsageError {
  return new UsageError("--jq: the program needs more than jq's memory (256 MB): it recurses without end or builds too much; for big output, pipe --jsonl into jq instead")
}

/**
 * jq-wasm's runtime says "Aborted()" with console.error as it dies; the error that follows says
 * it all, so that line is kept off stderr while jq runs (nothing else of ours writes meanwhile).
 */
function quietly<T>(work: () => T): T {
  const said = console.error
  console.error = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('Aborted(')) return
    said(...args)
  }

  try {
    return work()
  } finally {
    console.error = said
  }
}
