import {closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync} from 'node:fs'
import {dirname} from 'node:path'
import {type Clock, systemClock} from '../base/clock.js'
import {ConflictError} from '../base/errors.js'
import {fileFailure, isErrnoException, isMissing} from '../base/file-errors.js'
import {removeStaleTemporaries, temporaryPathFor} from '../base/files.js'
import {isRecord, parseJson} from '../base/json-file.js'
import {currentProcess, isGone, type ProcessIdentity} from '../base/processes.js'
import {realTarget} from './real-path.js'
import {shellQuote} from './shell-quote.js'

/**
 * Only where a file system has no hard links is a lock file created empty and then filled: one
 * that is empty or unreadable for longer than this was left by a run that died in between.
 */
const UNREADABLE_LOCK_GRACE_MS = 2000

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
  /** What the wait for another holder runs on (the system's; a test's FakeClock). */
  clock?: Clock
}

/** The lock beside a file. */
export function lockPathFor(path: string): string {
  return `${path}.lock`
}

/**
 * An exclusive lock on a file (dm tail's state, dm export's output): the lock file `<file>.lock`
 * beside the file itself, found by following every symbolic link, so that two names for one file
 * share one lock. Use `target`, that real path, for every file the lock guards.
 *
 * The lock file holds its holder's identity: pid, host, boot and process start time (see
 * processes.ts). A lock whose holder is gone, or that holds anything else (empty, garbage, another
 * program's pid), is taken over. Released on release() or, whatever happens, when the process
 * exits (process.exit included). Taking it also removes the temporary files a killed run left.
 */
export class FileLock {
  private released = false

  private constructor(
    /** The guarded file, every symbolic link followed. */
    readonly target: string,
    readonly path: string,
    private readonly content: string,
  ) {
    holdOnExit(this)
  }

  static async acquire(guardedPath: string, options: LockOptions): Promise<FileLock> {
    const target = await realTarget(guardedPath)
    const path = lockPathFor(target)
    const content = JSON.stringify({groupme_lock: 1, ...currentProcess()}) + '\n'
    const pollMs = options.pollMs ?? 100
    const clock = options.clock ?? systemClock
    let deadline = clock.now() + options.waitMs
    try {
      mkdirSync(dirname(path), {recursive: true})
      for (;;) {
        if (tryCreate(path, content)) break
        const holder = inspect(path)
        if (holder === undefined) continue // released between our two looks
        if (holder.stale && takeOver(path, holder.content)) continue
        // A lock being filled in right now is waited for, even with waitMs 0.
        if (holder.settlesInMs !== undefined) deadline = Math.max(deadline, clock.now() + holder.settlesInMs)
        const left = deadline - clock.now()
        if (left <= 0) throw busy(path, holder.owner, options)
        await clock.sleep(Math.min(pollMs, left))
      }
    } catch (error) {
      throw fileFailure(error, {path, action: 'create the lock file'}) ?? error
    }

    await removeStaleTemporaries(target)
    return new FileLock(target, path, content)
  }

  /** Remove the lock file if it is still ours. Synchronous, so that it can run in an exit handler. */
  release(): void {
    if (this.released) return
    this.released = true
    held.delete(this)
    try {
      if (readFileSync(this.path, 'utf8') === this.content) unlinkSync(this.path)
    } catch {
      // Already gone.
    }
  }
}

/** Locks not yet released: one exit handler releases them all, however many a process holds. */
const held = new Set<FileLock>()
let releasingOnExit = false

function holdOnExit(lock: FileLock): void {
  held.add(lock)
  if (releasingOnExit) return
  releasingOnExit = true
  process.on('exit', () => {
    for (const each of [...held]) each.release()
  })
}

/**
 * Create the lock with its content in one step: a hard link of a full temporary file, which
 * fails if the lock exists. Where hard links are not supported, an exclusive create, then write.
 */
function tryCreate(path: string, content: string): boolean {
  const temporary = temporaryPathFor(path)
  writeNew(temporary, content)
  try {
    linkSync(temporary, path)
    return true
  } catch (error) {
    if (isErrnoException(error) && error.code === 'EEXIST') return false
    if (!isErrnoException(error) || !['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(error.code!)) throw error
  } finally {
    unlinkSync(temporary)
  }

  try {
    writeNew(path, content)
    return true
  } catch (error) {
    if (isErrnoException(error) && error.code === 'EEXIST') return false
    throw error
  }
}

function writeNew(path: string, content: string): void {
  const fd = openSync(path, 'wx', 0o644)
  try {
    writeSync(fd, content)
  } finally {
    closeSync(fd)
  }
}

interface Holder {
  content: string
  owner?: ProcessIdentity
  stale: boolean
  /**
   * For an unreadable lock that may still be being written: how long until it counts as stale. Its
   * age is the file system's (real) time, so it is handed on as a span for the waiter's clock.
   */
  settlesInMs?: number
}

function inspect(path: string): Holder | undefined {
  let content: string
  let modifiedMs: number
  try {
    content = readFileSync(path, 'utf8')
    modifiedMs = statSync(path).mtimeMs
  } catch (error) {
    if (isMissing(error)) return undefined
    throw error
  }

  const owner = parseOwner(content)
  if (owner) return {content, owner, stale: isGone(owner)}
  const settlesInMs = modifiedMs + UNREADABLE_LOCK_GRACE_MS - Date.now()
  return settlesInMs <= 0 ? {content, stale: true} : {content, stale: false, settlesInMs}
}

function parseOwner(content: string): ProcessIdentity | undefined {
  const parsed = parseJson(content)
  if (!parsed.ok || !isRecord(parsed.value) || parsed.value.groupme_lock !== 1) return undefined
  const {pid, host, boot, start} = parsed.value
  const optional = (value: unknown) => value === undefined || typeof value === 'string'
  if (!Number.isSafeInteger(pid) || typeof host !== 'string' || !optional(boot) || !optional(start)) return undefined
  return {pid: pid as number, host, boot: boot as string | undefined, start: start as string | undefined}
}

/**
 * Take a stale lock out of the way: move it aside, and delete it only if it is still the lock we
 * judged stale. If another run replaced it meanwhile, put that one back. True when the path is free.
 */
function takeOver(path: string, staleContent: string): boolean {
  const aside = temporaryPathFor(path)
  try {
    renameSync(path, aside)
  } catch (error) {
    if (isMissing(error)) return true
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

function busy(path: string, owner: ProcessIdentity | undefined, options: LockOptions): ConflictError {
  const holder = options.holder ?? 'another run'
  const where = owner === undefined ? '' : owner.host === currentProcess().host ? ` (pid ${owner.pid})` : ` (pid ${owner.pid} on ${owner.host})`
  const gaveUp = options.waitMs > 0 ? `; gave up after ${options.waitMs / 1000} s${options.waitFlag ? ` (${options.waitFlag})` : ''}` : ''
  return new ConflictError(
    `${holder}${where} is using ${options.guarding ?? 'this file'} (lock ${path})${gaveUp}. ` +
      `If that process is not a groupme run, remove the lock: rm ${shellQuote(path)}`,
  )
}
