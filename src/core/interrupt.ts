import {ExitCode} from '../base/errors.js'

/** Ctrl-C and SIGTERM, and ending the process: the process's own, or a test's. */
export interface Signals {
  /** Call `handler` on SIGINT or SIGTERM until the returned function is called. */
  onInterrupt(handler: () => void): () => void
  /** End the process now. */
  exit(code: number): never
}

export const processSignals: Signals = {
  onInterrupt(handler) {
    process.on('SIGINT', handler)
    process.on('SIGTERM', handler)
    return () => {
      process.off('SIGINT', handler)
      process.off('SIGTERM', handler)
    }
  },
  exit(code) {
    process.exit(code)
  },
}

/**
 * Ctrl-C for long runs (export, tail --follow, purge): exit 130 at once, except inside a critical
 * section (output written, then its state file), which is finished first so the
 * next run neither repeats nor skips anything.
 */
export class InterruptGuard {
  private depth = 0
  private interrupted = false
  private removeHandler?: () => void
  private readonly onSignal = () => {
    this.interrupted = true
    if (this.depth === 0) this.exit()
  }

  constructor(
    private readonly farewell: string,
    private readonly signals: Signals,
    private readonly stderr: NodeJS.WritableStream,
  ) {}

  install(): this {
    this.removeHandler = this.signals.onInterrupt(this.onSignal)
    return this
  }

  dispose(): void {
    this.removeHandler?.()
    this.removeHandler = undefined
  }

  async critical<T>(work: () => Promise<T>): Promise<T> {
    this.depth++
    try {
      return await work()
    } finally {
      this.depth--
      if (this.depth === 0 && this.interrupted) this.exit()
    }
  }

  private exit(): never {
    this.stderr.write(`\n${this.farewell}\n`)
    return this.signals.exit(ExitCode.interrupted)
  }
}
