import {ExitCode} from './errors.js'

/**
 * Ctrl-C for long runs (export, tail --follow, purge): exit 130 at once, except inside a critical
 * section (output written, then its checkpoint or state file), which is finished first so the
 * next run neither repeats nor skips anything.
 */
export class InterruptGuard {
  private depth = 0
  private interrupted = false
  private readonly onSignal = () => {
    this.interrupted = true
    if (this.depth === 0) this.exit()
  }

  constructor(private readonly farewell: string) {}

  install(): this {
    process.on('SIGINT', this.onSignal)
    process.on('SIGTERM', this.onSignal)
    return this
  }

  dispose(): void {
    process.off('SIGINT', this.onSignal)
    process.off('SIGTERM', this.onSignal)
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
    process.stderr.write(`\n${this.farewell}\n`)
    process.exit(ExitCode.interrupted)
  }
}
