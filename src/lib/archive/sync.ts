/**
 * `archive sync`: every DM chat of the account into the archive, complete, resumable and
 * incremental. docs/archive.md, "How a sync works".
 */
import type {Chat, GroupMeApi, Message} from '../../api/api.js'
import {allChatPages, chatId, lastMessageId} from '../chats/pages.js'
import {compareIds} from '../../api/ids.js'
import {NotFoundError} from '../../base/errors.js'
import {historyPages, type PageReport} from '../dm/pager.js'
import type {AccountProgress} from './progress.js'
import type {ArchiveStore} from './store.js'

export interface SyncOptions {
  /** Only these chats (compound ids); undefined: every chat of the account. */
  only?: Set<string>
  /** Chats walked at once, all under the client's one rate limit. */
  concurrency: number
  /** Re-read messages newer than this (epoch seconds) for likes, reactions, deletions and edits. */
  refreshSince?: number
  pageSize?: number
  /** Walk every chat's whole history again, whatever its count says (dm export --verify). */
  verify?: boolean
}

export interface SyncDependencies {
  client: GroupMeApi
  store: ArchiveStore
  progress: AccountProgress
}

/** What one chat's walks need: dm export walks one chat with these, under a progress bar of its own. */
export interface ChatSyncDependencies {
  client: GroupMeApi
  store: ArchiveStore
  progress: Pick<AccountProgress, 'advance'>
}

export interface ChatReport {
  chat: string
  name: string
  archived: number
  service: number | null
  /** Why the chat could not be walked (a 404), when that is the reason. */
  error?: string
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

/** A chat to walk: its compound id, the chat as /chats or /chats/:id gave it, and the other user. */
export interface ChatWork {
  id: string
  chat: Chat
  otherUserId: string
}

/** How one chat stands after its walks: the service's count and whether the archive matches it. */
export interface ChatCheck {
  archived: number
  service: number | null
  verified: boolean
}

/**
 * Walk the chats, then check each one's count against the service's. Walks start as soon as the
 * first /chats page is in (and /users/me is asked for alongside it): at 100–300 ms a request,
 * waiting for the whole chat list first would leave the rate limit unused.
 */
export async function syncArchive(deps: SyncDependencies, options: SyncOptions): Promise<SyncSummary> {
  const {client, store, progress} = deps
  const summary: SyncSummary = {chats: 0, walked: 0, new: 0, updated: 0, pages: 0, incomplete: []}
  const queue = new WorkQueue<ChatWork>()
  const seen = new Set<string>()
  progress.start(0, 0)
  const listing = (async () => {
    const me = client.currentUser().then((user) => store.saveMe(user))
    // Awaited below; if the chat list fails first, its failure is the one reported.
    me.catch(() => {})
    try {
      for await (const chats of allChatPages(client)) {
        const entries: Array<{id: string; chat: Chat}> = []
        for (const chat of chats) entries.push({id: await chatId(client, chat), chat})
        const wanted = entries.filter((entry) => !options.only || options.only.has(entry.id))
        for (const entry of wanted) seen.add(entry.id)
        store.saveChats(wanted)
        const work = wanted.map((entry) => ({...entry, otherUserId: String(entry.chat.other_user.id)}))
        summary.chats += work.length
        progress.addChats(work.length, work.reduce((sum, item) => sum + Math.max(0, (item.chat.messages_count ?? 0) - store.countMessages(item.id)), 0))
        queue.push(work)
      }

      await me
    } finally {
      queue.close()
    }
  })()
  const walking = eachFromQueue(queue, options.concurrency, async (item) => {
    try {
      await syncChat(deps, options, item, summary)
    } catch (error) {
      // A chat the service no longer serves (404) must not keep every other chat from its archive.
      if (!(error instanceof NotFoundError)) throw error
      const {message} = error
      summary.incomplete.push({chat: item.id, name: String(item.chat.other_user.name ?? ''), archived: store.countMessages(item.id), service: item.chat.messages_count ?? null, error: message})
    }

    progress.chatDone()
  })
  const [listed, walked] = await Promise.allSettled([listing, walking])
  progress.stop()
  if (listed.status === 'rejected') throw listed.reason
  if (walked.status === 'rejected') throw walked.reason
  // A --chat that is not among the account's chats is said, after the others were archived.
  const missing = [...(options.only ?? [])].filter((id) => !seen.has(id))
  if (missing.length > 0) throw new NotFoundError(`no such chat in the account: ${missing.join(', ')} (the others were archived)`)
  return summary
}

/**
 * One chat: go on with a walk a crash cut short, walk what arrived since, and check the count;
 * a chat that does not add up (or every chat, with `verify`) is walked again whole.
 */
export async function syncChat(deps: ChatSyncDependencies, options: Pick<SyncOptions, 'refreshSince' | 'pageSize' | 'verify'>, item: ChatWork, summary: SyncSummary): Promise<ChatCheck> {
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
  if (!options.verify && matches(store.countMessages(item.id), serviceCount())) {
    store.recordCheck(item.id, serviceCount(), true)
    return {archived: store.countMessages(item.id), service: serviceCount(), verified: true}
  }

  // Something is missing (or extra): walk the whole chat once more, from the newest message down.
  await walker.walk(undefined, null)
  let archived = store.countMessages(item.id)
  const service = serviceCount()
  // More archived than the service has: its history was cleared there (docs/archive.md, "Cleared chats").
  if (service !== null && archived > service && store.markClearedBelow(item.id, walker.oldestSeen ?? null, service)) archived = store.countMessages(item.id)
  const verified = matches(archived, serviceCount())
  store.recordCheck(item.id, serviceCount(), verified)
  if (!verified) summary.incomplete.push({chat: item.id, name: String(item.chat.other_user.name ?? ''), archived, service: serviceCount()})
  return {archived, service: serviceCount(), verified}
}

/**
 * Fetch a chat's messages sent since `since` (epoch seconds) into the archive, newest first, and
 * stop at the first page that reaches before it. Nothing about the chat's walks changes: the
 * messages are kept, and a later sync walks the chat whole as it would have.
 */
export async function fetchSince(deps: ChatSyncDependencies, options: Pick<SyncOptions, 'pageSize'>, item: ChatWork, summary: SyncSummary, since: number): Promise<void> {
  await new ChatWalker(deps, options, item, summary).refresh(since)
}

function matches(archived: number, service: number | null): boolean {
  return service === null || archived === service
}

/** One chat's walks, each page committed with the walk's position. */
class ChatWalker {
  /** The `count` of the last page read this run: the conversation's total at that moment. */
  lastCount?: number
  /** The oldest message the last walk was given. */
  oldestSeen?: string

  constructor(
    private readonly deps: ChatSyncDependencies,
    private readonly options: Pick<SyncOptions, 'pageSize'>,
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
    this.oldestSeen = undefined
    for await (const page of pages) {
      for (const message of page) if (this.oldestSeen === undefined || compareIds(message.id, this.oldestSeen) < 0) this.oldestSeen = message.id
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

/** Items that arrive over time; `take` waits for the next one, or undefined once closed and empty. */
class WorkQueue<T> {
  private readonly items: T[] = []
  private closed = false
  private wake: Array<() => void> = []

  push(items: T[]): void {
    this.items.push(...items)
    this.notify()
  }

  close(): void {
    this.closed = true
    this.notify()
  }

  async take(): Promise<T | undefined> {
    while (this.items.length === 0 && !this.closed) await new Promise<void>((resolve) => this.wake.push(resolve))
    return this.items.shift()
  }

  private notify(): void {
    const waiting = this.wake
    this.wake = []
    for (const resolve of waiting) resolve()
  }
}

/** Run `task` on the queue's items, at most `limit` at a time; the first failure stops new starts and is thrown once all are settled. */
async function eachFromQueue<T>(queue: WorkQueue<T>, limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let failure: {error: unknown} | undefined
  const worker = async () => {
    while (failure === undefined) {
      const item = await queue.take()
      if (item === undefined) return
      try {
        await task(item)
      } catch (error) {
        failure ??= {error}
      }
    }
  }

  await Promise.all(Array.from({length: Math.max(1, limit)}, worker))
  if (failure) throw failure.error
}
