import {randomBytes} from 'node:crypto'
import {closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync} from 'node:fs'
import {dirname} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {ConflictError} from './errors.js'

/** A lock file that holds no pid after this long was left by a run that died while creating it. */
const EMPTY_LOCK_STALE_MS = 5000

export interface LockOptions {
  /** How long to wait for another holder, in ms; 0 gives up at once. */
  waitMs: number
  /** How often to look again while waiting. */
  pollMs?: number
  /** Who else might hold it, for the message when it is busy, e.g. `another dm tail run`. */
  holder?: string
  /** What the lock guards, e.g. `this state file`. */
  guarding?: string
  /** The flag that sets waitMs, named in the message. */
  waitFlag?: string
}

/** The lock beside a file. */
export function lockPathFor(path: string): string {
  return `${path}.lock`
}

/**
 * An exclusive lock file beside a file (dm tail's state, dm export's output): created with O_EXCL
 * and holding the holder's pid.
 * A lock whose pid is no longer running (a run that was killed) is taken over. Released on
 * release() or, whatever happens, when the process exits (process.exit included).
 */
export class FileLock {
  private released = false
  private readonly onExit = () => this.release()

  private constructor(
    readonly path: string,
    private readonly content: string,
  ) {
    process.on('exit', this.onExit)
  }

  static async acquire(guardedPath: string, options: LockOptions): Promise<FileLock> {
    const path = lockPathFor(guardedPath)
    const content = `${process.pid}\n`
    const pollMs = options.pollMs ?? 100
    const deadline = Date.now() + options.waitMs
    mkdirSync(dirname(path), {recursive: true})
    for (;;) {
      if (tryCreate(path, content)) return new FileLock(path, content)
      const holder = inspect(path)
      if (holder === undefined) continue // released between our two looks
      if (holder.stale && takeOver(path, holder.content)) continue
      const left = deadline - Date.now()
      if (left <= 0) throw busy(path, holder.pid, options)
      await sleep(Math.min(pollMs, left))
    }
  }

  /** Remove the lock file if it is still ours. Synchronous, so that it can run in an exit handler. */
  release(): void {
    if (this.released) return
    this.released = true
    process.off('exit', this.onExit)
    try {
      if (readFileSync(this.path, 'utf8') === this.content) unlinkSync(this.path)
    } catch {
      // Already gone.
    }
  }
}

function tryCreate(path: string, content: string): boolean {
  let fd: number
  try {
    fd = openSync(path, 'wx', 0o644)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }

  try {
    writeSync(fd, content)
  } finally {
    closeSync(fd)
  }

  return true
}

interface Holder {
  content: string
  pid?: number
  stale: boolean
}

function inspect(path: string): Holder | undefined {
  let content: string
  let ageMs: number
  try {
    content = readFileSync(path, 'utf8')
    ageMs = Date.now() - statSync(path).mtimeMs
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }

  const match = /^(\d+)\n$/.exec(content)
  if (!match) return {content, stale: ageMs > EMPTY_LOCK_STALE_MS}
  const pid = Number(match[1])
  return {content, pid, stale: !isRunning(pid)}
}

export function isRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Take a stale lock out of the way: move it aside, and delete it only if it is still the lock we
 * judged stale. If another run replaced it meanwhile, put that one back. True when the path is free.
 */
function takeOver(path: string, staleContent: string): boolean {
  const aside = `${path}.stale.${process.pid}.${randomBytes(4).toString('hex')}`
  try {
    renameSync(path, aside)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true
    throw error
  }

  let moved = ''
  try {
    moved = readFileSync(aside, 'utf8')
  } catch {
    // Unreadable: treat as the stale one.
    moved = staleContent
  }

  if (moved !== staleContent) {
    try {
      linkSync(aside, path)
    } catch {
      // Someone took the free path already; their lock stands.
    }
  }

  try {
    unlinkSync(aside)
  } catch {
    // Gone already.
  }

  return moved === staleContent
}

function busy(path: string, pid: number | undefined, options: LockOptions): ConflictError {
  const holder = options.holder ?? 'another run'
  const who = pid === undefined ? holder : `${holder} (pid ${pid})`
  const gaveUp = options.waitMs > 0 ? `; gave up after ${options.waitMs / 1000} s${options.waitFlag ? ` (${options.waitFlag})` : ''}` : ''
  return new ConflictError(
    `${who} is using ${options.guarding ?? 'this file'} (lock ${path})${gaveUp}. If no other run is going on, remove the lock file.`,
  )
}
