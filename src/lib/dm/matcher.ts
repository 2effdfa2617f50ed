import {Worker} from 'node:worker_threads'
import {UsageError} from '../../base/errors.js'

/** --match as typed: a JavaScript regular expression, checked for syntax but not yet run. */
export interface Pattern {
  source: string
  flags: string
}

/**
 * The longest one page of texts (at most 100) may take to test. A pattern that backtracks
 * catastrophically, like `(a+)+$`, takes minutes or centuries; any sane one takes microseconds
 * (docs/decisions/0028-a-user-s-pattern-runs-in-a-worker-with-a-time-budget.md).
 */
const MATCH_BUDGET_MS = 2000

/** Longer is a mistake (a file pasted in): V8 refuses very long ones only when they run, and echoes them whole. */
const MAX_PATTERN_LENGTH = 1000

export function parsePattern(value: string, ignoreCase = false): Pattern {
  if (value.length > MAX_PATTERN_LENGTH) {
    throw new UsageError(`--match is ${value.length} characters long; a pattern may have at most ${MAX_PATTERN_LENGTH}`)
  }

  const flags = ignoreCase ? 'i' : ''
  try {
    // Compiling is quick whatever the pattern; only running it can hang.
    new RegExp(value, flags)
  } catch (error) {
    throw new UsageError(`--match is not a valid regular expression: ${(error as Error).message}`)
  }

  return {source: value, flags}
}

// CommonJS run by the worker: test each text, answer with the verdicts.
const WORKER_SOURCE = `
const {parentPort, workerData} = require('node:worker_threads')
const pattern = new RegExp(workerData.source, workerData.flags)
parentPort.on('message', (texts) => parentPort.postMessage(texts.map((text) => pattern.test(text))))
`

/**
 * Runs a user's pattern off the main thread, so that no pattern can hang the process or keep it
 * from answering Ctrl-C or SIGTERM: a batch that takes longer than the budget ends the worker
 * and is a usage error.
 */
export class PatternMatcher {
  private readonly worker: Worker

  constructor(
    pattern: Pattern,
    private readonly budgetMs = MATCH_BUDGET_MS,
  ) {
    this.worker = new Worker(WORKER_SOURCE, {eval: true, workerData: pattern})
    // An idle worker must not keep the process alive.
    this.worker.unref()
  }

  /** Whether each text matches, in order. */
  test(texts: string[]): Promise<boolean[]> {
    if (texts.length === 0) return Promise.resolve([])
    return new Promise<boolean[]>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer)
        this.worker.off('message', onMessage)
        this.worker.off('error', onError)
      }

      const onMessage = (verdicts: boolean[]) => {
        settle()
        resolve(verdicts)
      }

      const onError = (error: Error) => {
        settle()
        reject(error)
      }

      const timer = setTimeout(() => {
        settle()
        void this.worker.terminate()
        reject(
          new UsageError(
            `--match took more than ${this.budgetMs / 1000} s on ${texts.length} message(s) and was stopped: ` +
              'it backtracks without end (nested quantifiers such as (a+)+ do); simplify it. Nothing was deleted',
          ),
        )
      }, this.budgetMs)
      this.worker.on('message', onMessage)
      this.worker.on('error', onError)
      this.worker.postMessage(texts)
    })
  }

  async close(): Promise<void> {
    await this.worker.terminate()
  }
}
