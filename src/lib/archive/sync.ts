/**
 * `archive sync`: every DM chat of the account into the archive, complete, resumable and
 * incremental. docs/archive.md, "How a sync works".
 */
import type {Chat, GroupMeClient, Message} from '../../api/client.js'
import {allChatPages, chatId} from '../chats/pages.js'
import {compareIds} from '../../api/ids.js'
import {historyPages, type PageReport} from '../dm/pager.js'
import type {AccountProgress} from './progress.js'
import {type ArchiveStore, lastMessageId} from './store.js'

export interface SyncOptions {
  /** Only these chats (compound ids); undefined: every chat of the account. */
  only?: Set<string>
  /** Chats walked at once, all under the client's one rate limit. */
  concurrency: number
  /** Re-read messages newer than this (epoch seconds) for likes, reactions, deletions and edits. */
  refreshSince?: number
  pageSize?: number
}

export interface SyncDependencies {
  client: GroupMeClient
  store: ArchiveStore
  progress: AccountProgress
}

export interface ChatReport {
  chat: string
  name: string
  archived: number
  service: number | null
}

export interface SyncSummary {
  chats: number
  /** Chats that had something to fetch. */
  walked: number
  new: number
  updated: number
  /** Requests for pages of messages. */
  pages: number
  /** Chats whose archive still differs from the service's count after a second walk. */
  incomplete: ChatReport[]
}

interface ChatWork {
  id: string
  chat: Chat
  otherUserId: string
}

/** Walk the chats, then check each one's count against the service's. */
export async function syncArchive(deps: SyncDependencies, options: SyncOptions): Promise<SyncSummary> {
  const {client, store, progress} = deps
  store.saveMe(await client.currentUser())
  const work: ChatWork[] = []
  for await (const chats of allChatPages(client)) {
    const entries: Array<{id: string; chat: Chat}> = []
    for (const chat of chats) entries.push({id: await chatId(client, chat), chat})
    const wanted = entries.filter((entry) => !options.only || options.only.has(entry.id))
    store.saveChats(wanted)
    for (const entry of wanted) work.push({...entry, otherUserId: String(entry.chat.other_user.id)})
  }

  const summary: SyncSummary = {chats: work.length, walked: 0, new: 0, updated: 0, pages: 0, incomplete: []}
  const expected = work.reduce((sum, item) => sum + Math.max(0, (item.chat.messages_count ?? 0) - store.countMessages(item.id)), 0)
  progress.start(work.length, expected)
  await eachConcurrently(work, options.concurrency, async (item) => {
    await syncChat(deps, options, item, summary)
    progress.chatDone()
  })
  progress.stop()
  return summary
}

async function syncChat(deps: SyncDependencies, options: SyncOptions, item: ChatWork, summary: SyncSummary): Promise<void> {
  const {store} = deps
  const walker = new ChatWalker(deps, options, item, summary)
  const state = store.state(item.id)
  let walked = false
  // A walk cut short by a crash or Ctrl-C goes on from where its last committed page ended.
  if (state.walk) {
    await walker.walk(state.walk.cursor, state.walk.downTo)
    walked = true
  }

  const last = lastMessageId(item.chat)
  const top = store.state(item.id).topId
  if (last !== undefined && (top === null || compareIds(last, top) > 0)) {
    await walker.walk(undefined, top)
    walked = true
  } else if (last === undefined && top === null) {
    store.markEmpty(item.id)
  }

  if (walked) summary.walked++
  if (options.refreshSince !== undefined && last !== undefined) await walker.refresh(options.refreshSince)
  // The service's count: from the newest page this run read, else the chat list's.
  const serviceCount = () => walker.lastCount ?? item.chat.messages_count ?? null
  if (matches(store.countMessages(item.id), serviceCount())) {
    store.recordCheck(item.id, serviceCount(), true)
    return
  }

  // Something is missing (or extra): walk the whole chat once more, from the newest message down.
  await walker.walk(undefined, null)
  const archived = store.countMessages(item.id)
  const verified = matches(archived, serviceCount())
  store.recordCheck(item.id, serviceCount(), verified)
  if (!verified) summary.incomplete.push({chat: item.id, name: String(item.chat.other_user.name ?? ''), archived, service: serviceCount()})
}

function matches(archived: number, service: number | null): boolean {
  return service === null || archived === service
}

/** One chat's walks, each page committed with the walk's position. */
class ChatWalker {
  /** The `count` of the last page read this run: the conversation's total at that moment. */
  lastCount?: number

  constructor(
    private readonly deps: SyncDependencies,
    private readonly options: SyncOptions,
    private readonly item: ChatWork,
    private readonly summary: SyncSummary,
  ) {}

  /** Page backwards from below `beforeId` (undefined: the newest) down to `downTo` (exclusive; null: the first message). */
  async walk(beforeId: string | undefined, downTo: string | null): Promise<void> {
    const {store, progress} = this.deps
    const pages = historyPages(this.deps.client, {
      otherUserId: this.item.otherUserId,
      beforeId,
      downToId: downTo ?? undefined,
      pageSize: this.options.pageSize,
      onPage: (report) => this.onPage(report),
    })
    for await (const page of pages) {
      const outcome = store.savePage(this.item.id, page, {downTo})
      this.summary.new += outcome.inserted
      this.summary.updated += outcome.updated
      progress.advance(outcome.inserted)
    }

    store.finishWalk(this.item.id)
  }

  /** Re-read the pages that hold messages sent since `since`, newest first, and write what changed. */
  async refresh(since: number): Promise<void> {
    const {store} = this.deps
    const pages = historyPages(this.deps.client, {
      otherUserId: this.item.otherUserId,
      pageSize: this.options.pageSize,
      onPage: (report) => this.onPage(report),
    })
    for await (const page of pages) {
      const recent = page.filter((message: Message) => message.created_at >= since)
      const outcome = store.refreshPage(this.item.id, recent)
      this.summary.new += outcome.inserted
      this.summary.updated += outcome.updated
      if (recent.length < page.length) return
    }
  }

  private onPage(report: PageReport): void {
    this.summary.pages++
    if (typeof report.count === 'number') this.lastCount = report.count
  }
}

/** Run `task` over `items`, at most `limit` at a time; the first failure stops new starts and is thrown once all are settled. */
async function eachConcurrently<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  let failure: {error: unknown} | undefined
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++]
      try {
        await task(item)
      } catch (error) {
        failure ??= {error}
      }
    }
  }

  await Promise.all(Array.from({length: Math.max(1, Math.min(limit, items.length))}, worker))
  if (failure) throw failure.error
}
