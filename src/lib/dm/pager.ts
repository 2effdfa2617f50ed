import type {GroupMeApi, Message} from '../../api/api.js'
import {IncompleteError} from '../../base/errors.js'
import {compareIds} from '../../api/ids.js'

/** docs/service.md, Messages: `limit` goes up to 100. */
export const MAX_PAGE_SIZE = 100

export interface HistoryOptions {
  otherUserId: string
  /** Start below this id (exclusive); default: the newest message. */
  beforeId?: string
  /** Stop at this id (exclusive): only messages newer than it. */
  downToId?: string
  /** At most this many messages in all. */
  max?: number
  pageSize?: number
  /** Called after each request, with the page as the service sent it: the walks count pages and read the count here. */
  onPage?: (page: PageReport) => void | Promise<void>
}

export interface PageReport {
  messages: Message[]
  /** Total messages in the conversation, as the service reports it. */
  count?: number
}

/**
 * Page backwards through a conversation, newest first, yielding pages as they arrive.
 *
 * docs/service.md, Messages: stop on an empty page or a 304, never on a short one (short pages occur in
 * the middle of history), and the next cursor is the oldest id of the page. Memory stays flat:
 * de-duplication needs only the cursor, since every message kept is older than it.
 */
export async function* historyPages(client: GroupMeApi, options: HistoryOptions): AsyncGenerator<Message[]> {
  const pageSize = options.pageSize ?? MAX_PAGE_SIZE
  let cursor = options.beforeId
  let remaining = options.max ?? Number.POSITIVE_INFINITY
  while (remaining > 0) {
    const page = await client.listMessages({
      otherUserId: options.otherUserId,
      beforeId: cursor,
      limit: Math.min(pageSize, remaining),
    })
    await options.onPage?.({messages: page.direct_messages, count: page.count})
    if (page.direct_messages.length === 0) return
    const fresh = newestFirst(page.direct_messages.filter((message) => cursor === undefined || compareIds(message.id, cursor) < 0))
    if (fresh.length === 0) return
    cursor = fresh.at(-1)!.id
    const kept = options.downToId === undefined ? fresh : fresh.filter((message) => compareIds(message.id, options.downToId!) > 0)
    const taken = kept.slice(0, remaining)
    remaining -= taken.length
    if (taken.length > 0) yield taken
    if (kept.length < fresh.length) return
  }
}

/**
 * The whole history, newest first, checked at the end against the service's `count`: a walk that
 * reached the end of history with fewer messages fails (exit 8) after its last page, so `dm list
 * --all` never ends with success on a history it knows is short. The count of the first page
 * covers exactly the messages up to its newest one; a deleted message stays in history.
 */
export async function* wholeHistory(client: GroupMeApi, otherUserId: string): AsyncGenerator<Message[]> {
  let count: number | undefined
  let first = true
  let listed = 0
  const onPage = (report: PageReport) => {
    if (first) count = report.count
    first = false
  }

  for await (const page of historyPages(client, {otherUserId, onPage})) {
    listed += page.length
    yield page
  }

  if (count !== undefined && listed < count) {
    throw new IncompleteError(
      `the service counts ${count} messages in this conversation but its history ended after ${listed}: the list is short. Run it again later`,
    )
  }
}

/**
 * Every message newer than `sinceId`, newest first. `since_id` alone answers only the newest
 * `limit` of them (docs/service.md, Messages), so page back with `before_id` down to `sinceId`:
 * nothing is skipped.
 */
export async function* pagesSince(
  client: GroupMeApi,
  options: {otherUserId: string; sinceId: string; max?: number},
): AsyncGenerator<Message[]> {
  const max = options.max ?? Number.POSITIVE_INFINITY
  const first = await client.listMessages({otherUserId: options.otherUserId, sinceId: options.sinceId, limit: Math.min(MAX_PAGE_SIZE, max)})
  const newest = newestFirst(first.direct_messages.filter((message) => compareIds(message.id, options.sinceId) > 0)).slice(0, max)
  if (newest.length === 0) return
  yield newest
  yield* historyPages(client, {
    otherUserId: options.otherUserId,
    beforeId: newest.at(-1)!.id,
    downToId: options.sinceId,
    max: max - newest.length,
  })
}

/**
 * Messages right after `afterId`, oldest first. The order of `after_id` answers is not documented
 * for DMs (docs/service.md, Messages), so each page is sorted by id here, and the next page starts
 * after its newest.
 */
export async function* pagesAfter(
  client: GroupMeApi,
  options: {otherUserId: string; afterId: string; max?: number},
): AsyncGenerator<Message[]> {
  let cursor = options.afterId
  let remaining = options.max ?? Number.POSITIVE_INFINITY
  while (remaining > 0) {
    const page = await client.listMessages({otherUserId: options.otherUserId, afterId: cursor, limit: Math.min(MAX_PAGE_SIZE, remaining)})
    const fresh = oldestFirst(page.direct_messages.filter((message) => compareIds(message.id, cursor) > 0)).slice(0, remaining)
    if (fresh.length === 0) return
    cursor = fresh.at(-1)!.id
    remaining -= fresh.length
    yield fresh
  }
}

export function newestFirst(messages: Message[]): Message[] {
  return [...messages].sort((a, b) => compareIds(b.id, a.id))
}

export function oldestFirst(messages: Message[]): Message[] {
  return [...messages].sort((a, b) => compareIds(a.id, b.id))
}

/** What `dm list` asks for: many pages, at most `max` messages (MessageQuery in api.ts is one request). */
export interface ListQuery {
  otherUserId: string
  beforeId?: string
  sinceId?: string
  afterId?: string
  max?: number
  oldestFirst?: boolean
}

/** The pages `dm list` prints: one cursor at most, in the order asked for. */
export function queryPages(client: GroupMeApi, query: ListQuery): AsyncIterable<Message[]> {
  const {otherUserId, beforeId, sinceId, afterId, max} = query
  if (afterId) {
    const pages = pagesAfter(client, {otherUserId, afterId, max})
    return query.oldestFirst ? pages : reversed(pages)
  }

  const pages = sinceId
    ? pagesSince(client, {otherUserId, sinceId, max})
    : beforeId === undefined && max === undefined
      ? wholeHistory(client, otherUserId)
      : historyPages(client, {otherUserId, beforeId, max})
  return query.oldestFirst ? reversed(pages) : pages
}

/** Flip the order of a stream of pages. This has to hold every message, so it is used only when asked. */
export async function* reversed(pages: AsyncIterable<Message[]>): AsyncGenerator<Message[]> {
  const all: Message[] = []
  for await (const page of pages) all.push(...page)
  yield all.reverse()
}
