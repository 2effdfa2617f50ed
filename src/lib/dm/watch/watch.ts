/**
 * `dm watch`: every new DM, as it arrives, with no gap and no repeat.
 *
 * Push is a doorbell, REST is the record. An event on /user/<me> says "chat C has something new";
 * the messages printed are those REST answers after the last id printed in C (paging down as
 * `dm tail` does, so 150 missed are 150 printed), sorted by id. So lost, doubled, reordered or
 * batched events change nothing: a lost one is found by the next event in the same chat, by the
 * catch-up after every (re)connect, or by the reconciliation, one /chats request every few
 * minutes that finds chats whose last message moved. Memory per chat is one id.
 */
import type {GroupMeApi, Message} from '../../../api/api.js'
import {compareIds, isNumericId, otherParticipant} from '../../../api/ids.js'
import type {Clock, Timer} from '../../../base/clock.js'
import {NetworkError, NotFoundError, RateLimitError, ServerError} from '../../../base/errors.js'
import {holdMemoryFlat} from '../../../base/memory.js'
import {allChatPages, lastMessageId} from '../../chats/pages.js'
import {historyPages, oldestFirst} from '../pager.js'
import {dedupe, fetchNew} from '../tail/position.js'
import type {PushListener} from '../../../api/push/connection.js'
import {type EventRecord, readPushEvent} from '../../../api/push/events.js'
import type {MessageHook} from './hook.js'
import type {WatchPrinter} from './output.js'
import {type PendingAction, pushedAction, reconciledRecord, systemActions} from './typed-events.js'
import {type WatchState, writeWatchState} from '../state-files.js'

export interface WatchOptions {
  /** Only the chats with these users (ids); undefined: every chat. */
  users?: ReadonlySet<string>
  statePath?: string
  /** The state file's content, when there is one. */
  saved?: WatchState
  /** Print the other events (likes, deletions, edits, typing, unknown types) as records. */
  events: boolean
  /** One /chats request this often finds what push did not say. */
  reconcileMs: number
  /** While push is down: one /chats request this often. */
  pollMs: number
}

export interface WatchDeps {
  client: GroupMeApi
  /** Work that Ctrl-C must not cut short: output written, then the state file that records it. */
  critical<T>(work: () => Promise<T>): Promise<T>
  /** Built once the names are known (after the first /chats listing). */
  printer(names: {meId: string; nameOf(otherUserId: string): string | undefined}): WatchPrinter
  hook?: MessageHook
  /** Start push; the watch is told about events, (re)connections and outages through `listener`. */
  openPush(meId: string, listener: PushListener): Promise<{stop(): void}>
  note(line: string): void
  /** What the reconciliation, the polling, the lag checks and the waits after an outage run on. */
  clock: Clock
}

/** Times a pushed message may be missing from REST (replication lag) before the reconciliation is left to find it. */
const LAG_RETRIES = 5
const LAG_RETRY_MS = 1000
const MAX_ERROR_WAIT_MS = 60_000

/** Runs until interrupted (Ctrl-C exits the process) or a fatal error, which it throws. */
export async function watchChats(options: WatchOptions, deps: WatchDeps): Promise<never> {
  // Pages come and go all day long through a small working set: keep the heap from creeping up (M3).
  await holdMemoryFlat()
  const me = String((await deps.client.currentUser()).id)
  const watcher = new Watcher(options, deps, me)
  return watcher.run()
}

class Watcher {
  /** The last id printed (or, before anything was, the newest seen) per chat, by the other user's id. */
  private readonly lastIds = new Map<string, string>()
  /** Chats first met after the start: their messages from this time (s) on are new. */
  private readonly newChats = new Map<string, number>()
  /** Each chat's last message at the previous /chats listing, to stop paging where nothing moved. */
  private readonly listed = new Map<string, string>()
  private readonly names = new Map<string, string>()
  /** Pushed ids not yet seen over REST, with how often we looked. */
  private readonly expected = new Map<string, {id: string; tries: number}>()
  private readonly dirty = new Set<string>()
  /** Events to print, in the order they came; a typed one is read over REST first. */
  private readonly records: Array<{record: EventRecord} | {action: PendingAction}> = []
  private watermark: number
  private reconcileWanted = false
  private failure?: Error
  private wake?: () => void
  private pollTimer?: Timer
  private readonly printer: WatchPrinter

  constructor(
    private readonly options: WatchOptions,
    private readonly deps: WatchDeps,
    private readonly me: string,
  ) {
    for (const [user, id] of Object.entries(options.saved?.last_message_ids ?? {})) this.lastIds.set(user, id)
    this.watermark = options.saved?.watermark ?? 0
    this.printer = deps.printer({meId: me, nameOf: (user) => this.names.get(user)})
  }

  async run(): Promise<never> {
    await this.listChats(true)
    if (this.options.statePath && !this.options.saved) await this.deps.critical(() => this.saveState())
    const reconcile = this.deps.clock.every(this.options.reconcileMs, () => this.requestReconcile())
    let push: {stop(): void} | undefined
    try {
      push = await this.deps.openPush(this.me, this.pushListener())
      // Chats found dirty by the first listing (with a state file) are caught up right away.
      for (;;) {
        await this.nextWork()
        await this.work()
      }
    } finally {
      reconcile.cancel()
      this.pollTimer?.cancel()
      push?.stop()
    }
  }

  private pushListener(): PushListener {
    return {
      event: (data) => this.pushed(data),
      connected: () => {
        this.pollTimer?.cancel()
        this.pollTimer = undefined
        this.requestReconcile()
      },
      down: () => {
        this.deps.note(`warning: the push service cannot be reached; checking for new messages every ${Math.round(this.options.pollMs / 1000)} s until it is back`)
        this.pollTimer?.cancel()
        this.pollTimer = this.deps.clock.every(this.options.pollMs, () => this.requestReconcile())
        this.requestReconcile()
      },
      failed: (error) => this.fail(error),
      note: (line) => this.deps.note(line),
    }
  }

  private pushed(data: unknown): void {
    const notice = readPushEvent(data)
    if (notice.kind === 'quiet') return
    if (notice.kind === 'event') {
      const other = notice.record.conversation_id && otherParticipant(notice.record.conversation_id, this.me)
      // A like, an edit or a deletion is a typed event, read again over REST when it is printed.
      if (this.options.events && (!other || this.wanted(other))) {
        const action = pushedAction(notice.record)
        this.records.push(action ? {action} : {record: notice.record})
      }
    } else if (notice.conversationId?.split('+').includes(this.me)) {
      const other = otherParticipant(notice.conversationId, this.me)
      if (!this.wanted(other)) return
      const last = this.lastIds.get(other)
      if (notice.messageId && last !== undefined && compareIds(notice.messageId, last) <= 0) return // already printed
      if (last === undefined && !this.newChats.has(other)) this.newChats.set(other, this.watermark)
      if (notice.messageId) this.expect(other, notice.messageId)
      this.dirty.add(other)
    } else {
      this.reconcileWanted = true // a DM event that does not say where (or names a chat not mine): look everywhere
    }

    this.wake?.()
  }

  private requestReconcile(): void {
    this.reconcileWanted = true
    this.wake?.()
  }

  private fail(error: Error): void {
    this.failure = error
    this.wake?.()
  }

  private nextWork(): Promise<void> {
    if (this.failure || this.reconcileWanted || this.dirty.size > 0 || this.records.length > 0) return Promise.resolve()
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined
        resolve()
      }
    })
  }

  /** One round: events, then the reconciliation, then every dirty chat. Passing outages wait and retry. */
  private async work(): Promise<void> {
    if (this.failure) throw this.failure
    for (const next of this.records.splice(0)) await this.printer.event('action' in next ? await this.reconciled(next.action) : next.record)
    for (let failures = 0; ; failures++) {
      try {
        if (this.reconcileWanted) {
          this.reconcileWanted = false
          await this.listChats(false)
        }

        for (const chat of [...this.dirty]) {
          // Taken off first: an event that arrives while it is read makes it dirty again.
          this.dirty.delete(chat)
          try {
            await this.catchUp(chat)
          } catch (error) {
            // A chat that is gone (its user deleted, say) must not end the watch of the others.
            if (error instanceof NotFoundError) {
              this.deps.note(`warning: ${error.message}; skipping that chat`)
              continue
            }

            this.dirty.add(chat)
            throw error
          }
        }

        return
      } catch (error) {
        if (!(error instanceof NetworkError || error instanceof ServerError || error instanceof RateLimitError)) throw error
        const waitMs = Math.min(MAX_ERROR_WAIT_MS, 2000 * 2 ** failures)
        this.deps.note(`warning: ${error.message}; trying again in ${Math.round(waitMs / 1000)} s`)
        this.reconcileWanted = true
        await this.deps.clock.sleep(waitMs)
        if (this.failure) throw this.failure
      }
    }
  }

  /**
   * One /chats listing: every chat whose last message is newer than the last one printed becomes
   * dirty. The first listing reads every page (it sets the starting point of each chat); later
   * ones stop at the first page holding a chat that did not move, since chats come newest first.
   */
  private async listChats(first: boolean): Promise<void> {
    const fresh = first && !this.options.saved
    const since = this.watermark
    let newest = this.watermark
    for await (const chats of allChatPages(this.deps.client)) {
      let sawUnmoved = false
      for (const chat of chats) {
        const other = String(chat.other_user?.id ?? '')
        if (!isNumericId(other)) continue
        const lastId = lastMessageId(chat)
        if (typeof chat.updated_at === 'number' && chat.updated_at > newest) newest = chat.updated_at
        if (lastId !== undefined && this.listed.get(other) === lastId) sawUnmoved = true
        if (lastId !== undefined) this.listed.set(other, lastId)
        if (typeof chat.other_user?.name === 'string') this.names.set(other, chat.other_user.name)
        if (!this.wanted(other)) continue
        const printed = this.lastIds.get(other)
        if (printed === undefined) {
          if (fresh) {
            if (lastId !== undefined) this.lastIds.set(other, lastId) // from now on
          } else if (lastId !== undefined) {
            if (!this.newChats.has(other)) this.newChats.set(other, since)
            this.dirty.add(other)
          }
        } else if (lastId !== undefined && compareIds(lastId, printed) > 0) {
          this.dirty.add(other)
        }
      }

      if (!first && sawUnmoved) break
    }

    this.watermark = newest
  }

  /** Print what a chat has after its last printed id, in id order, then move the state past it. */
  private async catchUp(other: string): Promise<void> {
    const last = this.lastIds.get(other)
    // After a position fetchNew reads every message newer than it (pagesSince), whatever the limit.
    const fresh =
      last === undefined
        ? dedupe(oldestFirst(await this.firstMessages(other)))
        : await fetchNew(this.deps.client, {otherUserId: other, position: last, limit: Number.POSITIVE_INFINITY})
    if (fresh.length > 0) await this.deliver(other, fresh)
    this.checkExpected(other)
  }

  /**
   * A chat met after the start: the messages sent from the time it was met on (newest first, down
   * to that time). When none is that recent, its newest message is where the chat starts.
   */
  private async firstMessages(other: string): Promise<Message[]> {
    const since = this.newChats.get(other) ?? this.watermark
    const found: Message[] = []
    let newest: string | undefined
    for await (const page of historyPages(this.deps.client, {otherUserId: other})) {
      newest ??= page[0]?.id
      const recent = page.filter((message) => message.created_at >= since)
      found.push(...recent)
      if (recent.length < page.length) break
    }

    if (found.length === 0 && newest !== undefined) {
      this.lastIds.set(other, newest)
      this.newChats.delete(other)
    }

    return found
  }

  /** A typed event with its message as REST has it now (typed-events.ts). */
  private reconciled(action: PendingAction): Promise<EventRecord> {
    return reconciledRecord(this.deps.client, action, otherParticipant(action.conversationId, this.me))
  }

  private async deliver(other: string, batch: Message[]): Promise<void> {
    // A pin, an unpin, a deletion or an edit posts a system message: with --events, its typed event follows it.
    const actions = this.options.events ? systemActions(batch) : []
    await this.deps.critical(async () => {
      await this.printer.messages(batch)
      if (this.deps.hook) for (const message of batch) await this.deps.hook(message)
      this.lastIds.set(other, batch.at(-1)!.id)
      this.newChats.delete(other)
      if (this.options.statePath) await this.saveState()
    })
    for (const action of actions) await this.printer.event(await this.reconciled(action))
  }

  private saveState(): Promise<void> {
    return writeWatchState(this.options.statePath!, this.lastIds, this.watermark, new Date(this.deps.clock.now()))
  }

  private expect(other: string, id: string): void {
    const known = this.expected.get(other)
    if (!known || compareIds(id, known.id) > 0) this.expected.set(other, {id, tries: 0})
  }

  /** A pushed message REST does not have yet: look again shortly, a few times. */
  private checkExpected(other: string): void {
    const expected = this.expected.get(other)
    if (!expected) return
    const last = this.lastIds.get(other)
    if ((last !== undefined && compareIds(last, expected.id) >= 0) || ++expected.tries > LAG_RETRIES) {
      this.expected.delete(other)
      return
    }

    this.deps.clock.after(
      LAG_RETRY_MS,
      () => {
        this.dirty.add(other)
        this.wake?.()
      },
      {background: true},
    )
  }

  private wanted(other: string): boolean {
    return this.options.users === undefined || this.options.users.has(other)
  }
}

