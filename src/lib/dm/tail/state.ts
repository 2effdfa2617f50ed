import {writeJsonAtomic} from '../../../base/files.js'
import {UsageError} from '../../../base/errors.js'
import {isNumericId} from '../../../api/ids.js'
import {isRecord, readJsonFile} from '../../../base/json-file.js'

/**
 * What `dm tail` remembers between runs: whose conversation, and the newest message printed.
 * `last_message_id` is null when the conversation was empty at the last run: every message
 * that arrives after it is new.
 */
export interface TailState {
  version: 1
  other_user_id: string
  last_message_id: string | null
  updated_at: string
}

/** The state in FILE, or undefined when there is none yet. A file that is not a tail state is exit 2, naming it. */
export function readState(path: string): Promise<TailState | undefined> {
  return readJsonFile(path, toState, 'dm tail state file', {remedy: 'remove it to start again'})
}

function toState(value: unknown): TailState | undefined {
  if (!isRecord(value)) return undefined
  const {version, other_user_id: otherUserId, last_message_id: lastId, updated_at: updatedAt} = value
  if (version !== 1 || typeof otherUserId !== 'string' || !isNumericId(otherUserId)) return undefined
  if (lastId !== null && (typeof lastId !== 'string' || !isNumericId(lastId))) return undefined
  return {version: 1, other_user_id: otherUserId, last_message_id: lastId, updated_at: typeof updatedAt === 'string' ? updatedAt : ''}
}

export function newState(otherUserId: string, lastMessageId: string | null, now = new Date()): TailState {
  return {version: 1, other_user_id: otherUserId, last_message_id: lastMessageId, updated_at: now.toISOString()}
}

/** Replace the state file atomically (see writeFileAtomic): never half a state. */
export function writeStateAtomically(path: string, state: TailState): Promise<void> {
  return writeJsonAtomic(path, state)
}

/** A state file belongs to one conversation: using it for another would skip or repeat messages. */
export function checkStateOwner(state: TailState, otherUserId: string, statePath: string): void {
  if (state.other_user_id !== otherUserId) {
    throw new UsageError(
      `${statePath} is the state of the conversation with user ${state.other_user_id}, not ${otherUserId}; use one state file per conversation`,
    )
  }
}
