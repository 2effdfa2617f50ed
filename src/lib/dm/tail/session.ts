import {setTimeout as sleep} from 'node:timers/promises'
import type {GroupMeClient, Message} from '../../../api/client.js'
import {NetworkError, NothingNewError, RateLimitError, ServerError} from '../../../core/errors.js'
import type {InterruptGuard} from '../../../core/interrupt.js'
import {newState, writeStateAtomically} from './state.js'
import {advance, fetchNew, newestId, type TailPosition} from './position.js'

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

export interface TailOutput {
  /** Print a batch, oldest first; resolves once it has left the process. */
  emit(batch: Message[]): Promise<void>
  /** A line for the person at the terminal. */
  note(line: string): void
}

/**
 * One `dm tail` run: print what is new, then move the state file past it, inside the guard's
 * critical section so that Ctrl-C never leaves the state ahead of the output or behind it.
 * With `follow`, poll every `intervalSeconds` until interrupted.
 */
export async function tail(client: GroupMeClient, guard: InterruptGuard, options: TailOptions, output: TailOutput): Promise<void> {
  const {statePath, otherUserId} = options
  const save = (next: string | null) => writeStateAtomically(statePath, newState(otherUserId, next))
  let {position} = options
  /** Print a batch, then move the state past it; `saveAnyway` writes it even when nothing moved. */
  const deliver = (batch: Message[], saveAnyway: boolean) => {
    const before = position
    return guard.critical(async () => {
      await output.emit(batch)
      const next = advance(before, batch)
      if (batch.length > 0 || saveAnyway) await save(next)
      return next
    })
  }

  if (options.init) {
    const newest = await newestId(client, otherUserId)
    await guard.critical(() => save(newest))
    output.note(newest === null ? 'Recorded: the conversation is empty; every message from now on is new.' : `Recorded: new messages are those after ${newest}.`)
    position = newest
  } else {
    const batch = await fetchNew(client, {otherUserId, position, limit: options.limit})
    // An empty batch is printed too (`[]` with --json); the state is written when it moved or did not exist.
    position = await deliver(batch, !options.hasState)
    if (!options.follow && batch.length === 0 && options.exitStatus) throw new NothingNewError('nothing new since the last run')
  }

  if (!options.follow) return
  for (;;) {
    await sleep(options.intervalSeconds * 1000)
    let batch: Message[]
    try {
      batch = await fetchNew(client, {otherUserId, position, limit: options.limit})
    } catch (error) {
      // A passing outage does not end a follow: say so and poll again.
      if (!(error instanceof NetworkError || error instanceof ServerError || error instanceof RateLimitError)) throw error
      output.note(`warning: ${error.message}; trying again in ${options.intervalSeconds} s`)
      continue
    }

    if (batch.length > 0) position = await deliver(batch, false)
  }
}
