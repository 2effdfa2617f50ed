import type {GroupMeApi, Message} from '../../../api/api.js'
import type {UserRef} from '../../../api/ids.js'
import type {Context} from '../../../core/context.js'
import {NetworkError, NothingNewError, RateLimitError, ServerError} from '../../../base/errors.js'
import {runWorkflow} from '../../../core/workflow.js'
import {resolveUserId} from '../../chats/resolve.js'
import {advance, fetchNew, newestId, type TailPosition} from './position.js'
import {checkStateOwner, newState, readState, writeStateAtomically} from '../state-files.js'

/** What `dm tail` was asked for, its flags checked. */
export interface TailRequest {
  user: UserRef
  /** The state file as given; the lock follows its symbolic links. */
  statePath: string
  limit: number
  init: boolean
  exitStatus: boolean
  follow: boolean
  intervalSeconds: number
  /** How long to wait for another run holding the state file. */
  waitSeconds: number
}

/**
 * The `dm tail` workflow: lock the state file (a second run waits, then gives up with exit 6),
 * check that it belongs to this conversation, then print what is new and move the state past it.
 * `emit` prints a batch and resolves once it has left the process.
 */
export async function tail(context: Context, request: TailRequest, emit: (batch: Message[]) => Promise<void>): Promise<void> {
  const {user} = request
  const setup = {
    interrupted: 'Interrupted; the state file is at the last message printed.',
    lock: {path: request.statePath, waitMs: request.waitSeconds * 1000, holder: 'another dm tail run', guarding: 'this state file', waitFlag: '--wait'},
  }
  await runWorkflow(context, setup, async (run) => {
    // The state file itself, every symbolic link followed: the one the lock guards.
    const statePath = run.locked ?? request.statePath
    const state = await readState(statePath)
    // A state file of another user is refused before anything is sent, when the id is given.
    if (state && 'otherUserId' in user) checkStateOwner(state, user.otherUserId, statePath)
    const client = await context.client()
    const otherUserId = await resolveUserId(client, user)
    if (state) checkStateOwner(state, otherUserId, statePath)
    const {limit, init, exitStatus, follow, intervalSeconds} = request
    const options: TailOptions = {
      statePath,
      limit,
      init,
      exitStatus,
      follow,
      intervalSeconds,
      otherUserId,
      position: state?.last_message_id,
      hasState: state !== undefined,
    }
    await tailFrom(client, options, {emit, note: run.note, critical: run.critical, sleep: context.clock.sleep})
  })
}

export interface TailOptions {
  statePath: string
  otherUserId: string
  /** Where the state file says the last run stopped. */
  position: TailPosition
  /** Whether a state file exists: without one, it is written even when nothing is new. */
  hasState: boolean
  limit: number
  /** Record the current position and print nothing. */
  init: boolean
  /** NothingNewError (exit 7) when nothing is new; not with `follow`. */
  exitStatus: boolean
  follow: boolean
  intervalSeconds: number
}

export interface TailSession {
  /** Print a batch, oldest first; resolves once it has left the process. */
  emit(batch: Message[]): Promise<void>
  /** A line for the person at the terminal. */
  note(line: string): void
  /** Work that Ctrl-C must not cut short. */
  critical<T>(work: () => Promise<T>): Promise<T>
  sleep(ms: number): Promise<void>
}

/**
 * From a known position: print what is new, then move the state file past it, inside a critical
 * section so that Ctrl-C never leaves the state ahead of the output or behind it. With `follow`,
 * poll every `intervalSeconds` until interrupted.
 */
export async function tailFrom(client: GroupMeApi, options: TailOptions, session: TailSession): Promise<void> {
  const {statePath, otherUserId} = options
  const save = (next: string | null) => writeStateAtomically(statePath, newState(otherUserId, next))
  let {position} = options
  /** Print a batch, then move the state past it; `saveAnyway` writes it even when nothing moved. */
  const printAndSave = (batch: Message[], saveAnyway: boolean) => {
    const before = position
    return session.critical(async () => {
      await session.emit(batch)
      const next = advance(before, batch)
      if (batch.length > 0 || saveAnyway) await save(next)
      return next
    })
  }

  if (options.init) {
    const newest = await newestId(client, otherUserId)
    await session.critical(() => save(newest))
    session.note(newest === null ? 'Recorded: the conversation is empty; every message from now on is new.' : `Recorded: new messages are those after ${newest}.`)
    position = newest
  } else {
    const batch = await fetchNew(client, {otherUserId, position, limit: options.limit})
    // An empty batch is printed too (`[]` with --json); the state is written when it moved or did not exist.
    position = await printAndSave(batch, !options.hasState)
    if (!options.follow && batch.length === 0 && options.exitStatus) throw new NothingNewError('nothing new since the last run')
  }

  if (!options.follow) return
  for (;;) {
    await session.sleep(options.intervalSeconds * 1000)
    let batch: Message[]
    try {
      batch = await fetchNew(client, {otherUserId, position, limit: options.limit})
    } catch (error) {
      // A passing outage does not end a follow: say so and poll again.
      if (!(error instanceof NetworkError || error instanceof ServerError || error instanceof RateLimitError)) throw error
      session.note(`warning: ${error.message}; trying again in ${options.intervalSeconds} s`)
      continue
    }

    if (batch.length > 0) position = await printAndSave(batch, false)
  }
}
