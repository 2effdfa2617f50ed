/**
 * The read tools of `groupme mcp`, over the CLI's own workflows: the chat list and message pages
 * from the service (lib/chats, lib/dm/pager.ts), search, stats and single messages from the
 * archive (lib/archive). Each takes checked arguments and returns a plain value; a failure is a
 * CliError whose message is the one the CLI prints (docs/mcp.md).
 */
import type {GroupMeApi, Message} from '../../api/api.js'
import {parseUserRef, requireNumericId} from '../../api/ids.js'
import {NotFoundError, UsageError} from '../../base/errors.js'
import {sanitizeLine} from '../../base/sanitize.js'
import {parseFilter, requireText} from '../archive/filter-flags.js'
import type {HasKind, StatsGroup} from '../archive/filters.js'
import {archivedMessage} from '../archive/message.js'
import {allRows} from '../archive/rows.js'
import type {Database} from '../archive/sqlite.js'
import type {StatsRow} from '../archive/stats.js'
import {oneChatPage, withChatIds} from '../chats/pages.js'
import {resolveUserId} from '../chats/resolve.js'
import {historyPages, pagesAfter} from '../dm/pager.js'
import {pinnedMessages} from '../dm/pins.js'
import {type ChatView, chatView, type MessageView, messageView} from './views.js'

/** What a read tool may use: the service (built on first use) and the archive (opened on first use). */
export interface ReadSources {
  client(): Promise<GroupMeApi>
  archive(): Promise<Database>
}

export async function listChats(sources: ReadSources, args: {page: number; per_page: number}): Promise<{chats: ChatView[]; page: number; next_page?: number}> {
  const client = await sources.client()
  const chats: ChatView[] = []
  for await (const entries of withChatIds(client, oneChatPage(client, args.page, args.per_page))) {
    chats.push(...entries.map((entry) => chatView(entry.chat, entry.id)))
  }

  // A full page may have more after it; a short one is the end of the list.
  return {chats, page: args.page, ...(chats.length === args.per_page ? {next_page: args.page + 1} : {})}
}

export interface ReadArgs {
  chat: string
  before_id?: string
  after_id?: string
  around_id?: string
  limit: number
}

export interface MessagesRead {
  /** Oldest first. */
  messages: MessageView[]
  /** Give as before_id for the messages before these. */
  older_before_id?: string
  /** Give as after_id for the messages after these. */
  newer_after_id?: string
}

/** A chat's messages from the service, oldest first: the newest, or before, after or around a message. */
export async function readMessages(sources: ReadSources, args: ReadArgs): Promise<MessagesRead> {
  const cursors = (['before_id', 'after_id', 'around_id'] as const).filter((name) => args[name] !== undefined)
  if (cursors.length > 1) throw new UsageError(`give at most one of before_id, after_id and around_id, not ${cursors.join(' and ')}`)
  const ref = parseUserRef(args.chat, 'chat')
  const beforeId = args.before_id === undefined ? undefined : requireNumericId(args.before_id, 'before_id')
  const afterId = args.after_id === undefined ? undefined : requireNumericId(args.after_id, 'after_id')
  const aroundId = args.around_id === undefined ? undefined : requireNumericId(args.around_id, 'around_id')
  const client = await sources.client()
  const otherUserId = await resolveUserId(client, ref)
  let messages: Message[]
  if (afterId !== undefined) {
    messages = await collect(pagesAfter(client, {otherUserId, afterId, max: args.limit}))
  } else if (aroundId !== undefined) {
    // Up to half before it, then the message itself and what follows, from the newest message before it.
    const before = await collect(historyPages(client, {otherUserId, beforeId: aroundId, max: Math.floor(args.limit / 2)}))
    const from = before[0]?.id ?? '0'
    messages = [...before.reverse(), ...(await collect(pagesAfter(client, {otherUserId, afterId: from, max: args.limit - before.length})))]
  } else {
    messages = (await collect(historyPages(client, {otherUserId, beforeId, max: args.limit}))).reverse()
  }

  return {
    messages: messages.map(messageView),
    ...(messages.length > 0 ? {older_before_id: messages[0].id, newer_after_id: messages.at(-1)!.id} : {}),
  }
}

/** A chat's pinned messages from the service, most recently pinned first. */
export async function listPins(sources: ReadSources, args: {chat: string}): Promise<{messages: MessageView[]}> {
  const ref = parseUserRef(args.chat, 'chat')
  const client = await sources.client()
  return {messages: (await pinnedMessages(client, await resolveUserId(client, ref))).map(messageView)}
}

async function collect(pages: AsyncIterable<Message[]>): Promise<Message[]> {
  const all: Message[] = []
  for await (const page of pages) all.push(...page)
  return all
}

export interface SearchArgs {
  query: string
  chat?: string
  from?: string
  since?: string
  until?: string
  has?: HasKind[]
  pinned?: boolean
  limit: number
  offset: number
}

export interface SearchResult extends MessageView {
  chat: string
  chat_name: string
  /** Give as around_id, with this chat, to read_messages for the conversation around it. */
  around_id: string
}

/** The archive's full-text search, newest first, a page at a time (offset, next_offset). */
export async function searchMessages(sources: ReadSources, args: SearchArgs): Promise<{results: SearchResult[]; next_offset?: number}> {
  const query = requireText(args.query, 'query', 'words to search for')
  const filter = parseFilter({chat: args.chat === undefined ? undefined : [args.chat], from: args.from, since: args.since, until: args.until, has: args.has, pinned: args.pinned})
  const db = await sources.archive()
  // Loaded on first use: the module's terminal rendering loads string-width, which builds ICU regular expressions.
  const {searchArchive} = await import('../archive/search.js')
  // One more than asked: whether there is a next page.
  const hits = allRows(searchArchive(db, query, filter.resolve(db), args.offset + args.limit + 1))
  const page = hits.slice(args.offset, args.offset + args.limit)
  const results = page.map((hit) => ({
    ...messageView(JSON.parse(hit.raw) as Message),
    chat: hit.chat,
    chat_name: sanitizeLine(hit.chatName),
    around_id: hit.id,
  }))
  return {results, ...(hits.length > args.offset + args.limit ? {next_offset: args.offset + args.limit} : {})}
}

export interface StatsArgs {
  by: StatsGroup
  chat?: string
  from?: string
  since?: string
  until?: string
}

export async function chatStats(sources: ReadSources, args: StatsArgs): Promise<{by: StatsGroup; rows: StatsRow[]}> {
  const filter = parseFilter({chat: args.chat === undefined ? undefined : [args.chat], from: args.from, since: args.since, until: args.until})
  const db = await sources.archive()
  const {archiveStats} = await import('../archive/stats.js')
  const rows = archiveStats(db, args.by, filter.resolve(db)).map((row) => ({...row, bucket: sanitizeLine(row.bucket)}))
  return {by: args.by, rows}
}

export async function getMessage(sources: ReadSources, args: {id: string}): Promise<MessageView & {chat: string; around_id: string}> {
  const id = requireNumericId(args.id, 'id')
  const found = archivedMessage(await sources.archive(), id)
  if (!found) throw new NotFoundError(`no message ${id} in the archive: run \`groupme archive sync\` for newer messages, or read_messages to read the service`)
  return {...messageView(found.message), chat: found.chat, around_id: id}
}
