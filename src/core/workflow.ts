import type {Progress} from '../output/progress.js'
import type {Context} from './context.js'
import {CliError, ExitCode} from '../base/errors.js'
import {InterruptGuard} from './interrupt.js'
import {FileLock, type LockOptions} from './lock.js'

/** How a long run (export, tail, purge; archive sync and dm watch to come) is set up. */
export interface WorkflowSetup {
  /** Said on stderr when Ctrl-C or SIGTERM ends the run (exit 130). */
  interrupted: string
  /** A lock beside this file for the whole run: a second run waits, then gives up with exit 6. */
  lock?: LockOptions & {path: string}
  /**
   * Said on stderr when the run fails for any reason but bad input or an unusable file (which say
   * all there is to say); undefined says nothing. Not with --json, where stderr is the error object alone.
   */
  stopped?: () => string | undefined
  /** Whether --json is on. */
  json?: boolean
}

/** What the work inside a workflow is given. */
export interface WorkflowRun {
  /** The locked file, every symbolic link followed (FileLock.target): use it for every file the lock guards. */
  readonly locked?: string
  /** A bar on stderr when it is a terminal; stopped before every note and at the end. */
  readonly progress: Progress
  /** Work that Ctrl-C must not cut short: output written, then the file that records it. */
  critical<T>(work: () => Promise<T>): Promise<T>
  /** A line on stderr, with the progress bar taken off the screen first. */
  note(line: string): void
}

/**
 * The one scaffold for long-running work: the interrupt guard first (so Ctrl-C while waiting for
 * the lock ends the run too), then the lock, then the work with its progress and notes; whatever
 * happens, the bar comes off the screen, the lock is released and the guard removed.
 */
export async function runWorkflow<T>(context: Context, setup: WorkflowSetup, work: (run: WorkflowRun) => Promise<T>): Promise<T> {
  const guard = new InterruptGuard(setup.interrupted, context.signals, context.io.stderr).install()
  const progress = context.io.progress(context.clock.now)
  try {
    // A second run waits for the lock on the context's clock (a test's FakeClock records the wait).
    const lock = setup.lock && (await FileLock.acquire(setup.lock.path, {clock: context.clock, ...setup.lock}))
    const run: WorkflowRun = {
      locked: lock?.target,
      progress,
      critical: (critical) => guard.critical(critical),
      note(line) {
        progress.stop()
        context.note(line)
      },
    }
    try {
      return await work(run)
    } catch (error) {
      const farewell = !setup.json && !runningAgainCannotFix(error) ? setup.stopped?.() : undefined
      if (farewell) run.note(farewell)
      throw error
    } finally {
      lock?.release()
    }
  } finally {
    progress.stop()
    guard.dispose()
  }
}

/** Bad input (exit 2) and a file that is not an archive (exit 9) say all there is to say: "run it again" would not help. */
function runningAgainCannotFix(error: unknown): boolean {
  return error instanceof CliError && (error.exitCode === ExitCode.usage || error.exitCode === ExitCode.badArchive)
}
