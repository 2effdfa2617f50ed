/**
 * The one module that reads and writes the CLI's state files: `dm tail --state` and `dm watch
 * --state` (the user's cursors, JSON the user may keep anywhere) and the list of images `dm export
 * --media` will try again. Each is replaced atomically (a crash leaves the old state or the new,
 * never half) and read through the one JSON reader, which names the file and says what to do
 * when it is not one. What the CLI fetched lives in the archive, not here (docs/archive.md).
 */
import {UsageError} from '../../base/errors.js'
import {writeJsonAtomic} from '../../base/files.js'
import {isRecord, readJsonFile} from '../../base/json-file.js'
import {isNumericId} from '../../api/ids.js'

/** A state file's content, or undefined when there is none yet; one `parse` refuses is exit 2, naming the file and the `remedy`. */
export function readStateFile<T>(path: string, parse: (value: unknown) => T | undefined, what: string, remedy: string): Promise<T | undefined> {
  return readJsonFile(path, parse, what, {remedy})
}

/** Replace a state file atomically (see writeFileAtomic). */
export function writeStateFile(path: string, state: unknown, options: {mode?: number} = {}): Promise<void> {
  return writeJsonAtomic(path, state, options)
}

// ---------------------------------------------------------------------------------------------
// dm tail --state

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
  return readStateFile(path, toState, 'dm tail state file', 'remove it to start again')
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
  return writeStateFile(path, state)
}

/** A state file belongs to one conversation: using it for another would skip or repeat messages. */
export function checkStateOwner(state: TailState, otherUserId: string, statePath: string): void {
  if (state.other_user_id !== otherUserId) {
    throw new UsageError(
      `${statePath} is the state of the conversation with user ${state.other_user_id}, not ${otherUserId}; use one state file per conversation`,
    )
  }
}

// ---------------------------------------------------------------------------------------------
// dm watch --state

/**
 * What `dm watch --state` remembers between runs: the last message printed in each chat, and
 * the service's time of the newest activity it had seen. In a chat missing from the file (a
 * conversation that began while nothing watched), messages sent from that time on are new.
 */
export interface WatchState {
  version: 1
  command: 'dm watch'
  /** By the other user's id. */
  last_message_ids: Record<string, string>
  /** Unix seconds, the service's clock (a chat's `updated_at`). */
  watermark: number
  updated_at: string
}

/** The state in FILE, or undefined when there is none yet. Any other file is exit 2, naming it. */
export function readWatchState(path: string): Promise<WatchState | undefined> {
  return readStateFile(path, toWatchState, 'dm watch state file', 'remove it to start again')
}

export function toWatchState(value: unknown): WatchState | undefined {
  if (!isRecord(value)) return undefined
  const {version, command, last_message_ids: ids, watermark, updated_at: updatedAt} = value
  if (version !== 1 || command !== 'dm watch' || typeof watermark !== 'number' || !Number.isFinite(watermark)) return undefined
  if (!isRecord(ids)) return undefined
  const entries = Object.entries(ids)
  if (!entries.every(([user, id]) => isNumericId(user) && typeof id === 'string' && isNumericId(id))) return undefined
  return {
    version: 1,
    command: 'dm watch',
    last_message_ids: Object.fromEntries(entries) as Record<string, string>,
    watermark,
    updated_at: typeof updatedAt === 'string' ? updatedAt : '',
  }
}

/** Replace the state file atomically: a crash leaves the old state or the new, never half. */
export function writeWatchState(path: string, lastIds: ReadonlyMap<string, string>, watermark: number, now = new Date()): Promise<void> {
  const state: WatchState = {
    version: 1,
    command: 'dm watch',
    last_message_ids: Object.fromEntries(lastIds),
    watermark,
    updated_at: now.toISOString(),
  }
  return writeStateFile(path, state)
}
