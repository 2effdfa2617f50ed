import type {GroupMeApi, Message} from '../../../api/api.js'
import {compareIds} from '../../../api/ids.js'
import {historyPages, oldestFirst, pagesSince} from '../pager.js'

/**
 * Where a run starts: `undefined` when there is no state yet (the last `limit` messages are new),
 * `null` when the conversation was empty at the last run (every message is new), or the id of the
 * newest message already printed.
 */
export type TailPosition = string | null | undefined

/**
 * The messages that arrived after `position`, oldest first. With a position, every one of them:
 * pagesSince pages back with before_id down to the position, so more than 100 leave no gap.
 */
export async function fetchNew(
  client: GroupMeApi,
  options: {otherUserId: string; position: TailPosition; limit: number},
): Promise<Message[]> {
  const {otherUserId, position} = options
  const pages =
    position === undefined
      ? historyPages(client, {otherUserId, max: options.limit})
      : position === null
        ? historyPages(client, {otherUserId})
        : pagesSince(client, {otherUserId, sinceId: position})
  const all: Message[] = []
  for await (const page of pages) all.push(...page)
  return dedupe(oldestFirst(all))
}

/** The newest message now, for --init; null when the conversation is empty. */
export async function newestId(client: GroupMeApi, otherUserId: string): Promise<string | null> {
  for await (const page of historyPages(client, {otherUserId, max: 1})) {
    if (page.length > 0) return page[0].id
  }

  return null
}

/** The position after printing `batch` (oldest first) from `position`. */
export function advance(position: TailPosition, batch: readonly Message[]): string | null {
  const last = batch.at(-1)?.id
  if (last === undefined) return position ?? null
  return position === undefined || position === null || compareIds(last, position) > 0 ? last : position
}

/** Each message once: `sorted` is in id order, so a repeat follows its first. */
export function dedupe(sorted: Message[]): Message[] {
  return sorted.filter((message, index) => index === 0 || message.id !== sorted[index - 1].id)
}
