import {writeJsonAtomic} from '../../../base/files.js'
import {isNumericId} from '../../../api/ids.js'
import {isRecord, readJsonFile} from '../../../base/json-file.js'

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
  return readJsonFile(path, toWatchState, 'dm watch state file', {remedy: 'remove it to start again'})
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
  return writeJsonAtomic(path, state)
}
