import {readFile} from 'node:fs/promises'
import {writeJsonAtomic} from '../files.js'
import {UsageError} from '../errors.js'
import {isNumericId} from '../ids.js'

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

/** The state in FILE, or undefined when there is none yet. A file that is not a tail state is exit 2. */
export function readState(path: string): Promise<TailState | undefined> {
  return readStateFile(path, parseState, 'dm tail')
}

/**
 * A state file read with `parse`: undefined when there is none yet; unreadable, or not what
 * `parse` accepts (a `command` state file), exit 2. dm tail and dm watch keep theirs this way.
 */
export async function readStateFile<T>(path: string, parse: (text: string) => T | undefined, command: string): Promise<T | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new UsageError(`cannot read the state file ${path}: ${(error as Error).message}`)
  }

  const state = parse(text)
  if (!state) {
    throw new UsageError(`${path} is not a ${command} state file; remove it to start again`)
  }

  return state
}

export function parseState(text: string): TailState | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }

  if (typeof value !== 'object' || value === null) return undefined
  const {version, other_user_id: otherUserId, last_message_id: lastId, updated_at: updatedAt} = value as Record<string, unknown>
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
