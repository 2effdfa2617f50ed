import {createRequire} from 'node:module'
import {join} from 'node:path'
import {Worker} from 'node:worker_threads'
import {type Clock, systemClock, type Timer} from '../base/clock.js'
import {stringifyJson} from '../base/json.js'
import {CliError, UsageError} from '../base/errors.js'
import {sanitizeLine} from '../base/sanitize.js'
import {JQ_WORKER_SOURCE} from './jq-worker.js'

/** jq's exit code for a program that does not compile. */
const JQ_COMPILE_ERROR = 3

/**
 * The longest jq may compute without printing anything (time the reader takes is not counted):
 * `last(repeat(1))` runs without end in no memory, and any sane program on a CLI's output
 * prints something long before (docs/decisions/0072-jq-runs-in-a-worker-streams-and-has-a-time-budget.md).
 */
const JQ_BUDGET_MS = 10_000

/** Outputs posted by jq and not yet written: past it jq waits for the reader (bounded memory). */
const JQ_WINDOW = 64

/** Where a --jq program's output goes, a text at a time as jq prints it (whole lines). */
export type JqWrite = (text: string) => Promise<void>

/** A compiled --jq program: runs on one JSON value and hands what it prints (strings raw, as `jq -r`) to `write` as it prints it. */
export type JqProgram = (value: unknown, options: {compact: boolean}, write: JqWrite) => Promise<void>

export interface JqOptions {
  /** The CLI's root, whose node_modules hold jq-wasm. */
  root: string
  clock?: Clock
  /** How long jq may compute without printing (JQ_BUDGET_MS). */
  budgetMs?: number
}

type WorkerMessage = {ready: true} | {output: string} | {done: {stderr: string; exitCode: number}} | {failed: string}

/**
 * `--jq EXPR` on jq-wasm: jq 1.8.2 itself, compiled to WebAssembly (docs/decisions/0009-jq-ship-it-on-jq-wasm-3-0-0-jq-1-8-2-real-jq-in-webassembly.md),
 * loaded from node_modules only when --jq is given, never bundled, in a worker (src/output/jq-worker.ts):
 * what jq prints is written as it prints it, a program that computes too long without printing
 * is stopped, and one that needs too much memory ends in one line. The program is compiled here,
 * before any request: a bad one is exit 2 with nothing sent.
 */
export async function compileJq(expression: string, options: JqOptions): Promise<JqProgram> {
  const run = await jqWorker(options)
  // Compiled, not run: behind `empty |` the program never runs (it may print for ever on null). Only
  // when that does not compile is the program itself run on null, for jq's own message about it.
  const compiles = await run(`empty | (${expression}\n)`, 'null', ['-r'], async () => {})
  if (compiles.exitCode === JQ_COMPILE_ERROR) {
    const check = await run(expression, 'null', ['-r'], async () => {})
    if (check.exitCode === JQ_COMPILE_ERROR) throw new UsageError(`--jq: ${jqMessage(check.stderr)}`)
  }

  return async (value, {compact}, write) => {
    const result = await run(expression, stringifyJson(value), compact ? ['-r', '-c'] : ['-r'], write)
    if (result.exitCode !== 0) throw new CliError(`--jq: ${jqMessage(result.stderr) || `jq stopped with exit ${result.exitCode}`}`)
  }
}

type JqRun = (expression: string, input: string, flags: string[], write: JqWrite) => Promise<{stderr: string; exitCode: number}>

/** The worker, loaded and ready, and a run on it: one at a time; after a failure every run fails the same way. */
async function jqWorker({root, clock = systemClock, budgetMs = JQ_BUDGET_MS}: JqOptions): Promise<JqRun> {
  const flow = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)
  const queued = new Int32Array(flow)
  const jqWasm = createRequire(join(root, 'package.json')).resolve('jq-wasm')
  const worker = new Worker(JQ_WORKER_SOURCE, {eval: true, workerData: {jqWasm, flow, window: JQ_WINDOW}})
  let dead: Error | undefined
  let current: ((message: WorkerMessage) => void) | undefined
  let fail: ((error: Error) => void) | undefined
  const stop = (error: Error) => {
    dead ??= error
    void worker.terminate()
    fail?.(dead)
  }

  worker.on('message', (message: WorkerMessage) => current?.(message))
  worker.on('error', (error: Error & {code?: string}) => stop(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooLarge() : error))
  worker.on('exit', () => stop(new CliError('--jq: jq stopped')))

  const exchange = <T>(start: () => void, onMessage: (message: WorkerMessage, settle: (value: T) => void) => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (dead) return reject(dead)
      worker.ref()
      const settle = (done: () => void) => {
        current = undefined
        fail = undefined
        worker.unref()
        done()
      }

      fail = (error) => settle(() => reject(error))
      current = (message) => onMessage(message, (value) => settle(() => resolve(value)))
      start()
    })

  await exchange<void>(
    () => {},
    (message, settle) => {
      if ('ready' in message) settle()
      else if ('failed' in message) stop(new CliError(`--jq: jq-wasm did not load: ${message.failed}`))
    },
  )

  return (expression, input, flags, write) => {
    let budget: Timer | undefined
    let writing = Promise.resolve()
    let pending = 0
    const arm = () => {
      budget?.cancel()
      budget = clock.after(budgetMs, () => stop(tooLong(budgetMs)))
    }

    return exchange<{stderr: string; exitCode: number}>(
      () => {
        arm()
        worker.postMessage({expression, input, flags})
      },
      (message, settle) => {
        if ('output' in message) {
          // The budget is jq's time alone: it stops while the reader takes what jq printed.
          budget?.cancel()
          pending++
          writing = writing.then(async () => {
            await write(message.output)
            Atomics.sub(queued, 0, 1)
            Atomics.notify(queued, 0)
            if (--pending === 0 && !dead) arm()
          })
          writing.catch((error: Error) => stop(error))
        } else if ('done' in message) {
          budget?.cancel()
          const result = message.done
          writing.then(() => settle(result), () => {})
        } else if ('failed' in message) {
          budget?.cancel()
          stop(message.failed === 'memory' ? tooLarge() : new CliError(`--jq: ${message.failed}`))
        }
      },
    ).finally(() => budget?.cancel())
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

function tooLong(budgetMs: number): UsageError {
  return new UsageError(`--jq: the program computed for ${budgetMs / 1000} s without printing anything and was stopped: it loops without end (as last(repeat(1)) does); for long work, pipe --jsonl into jq instead`)
}
