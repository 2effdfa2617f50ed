/**
 * Writes to the archive: chats, users, pages of messages and each chat's walk state, every page
 * and its state in one transaction, so a kill -9 leaves the state and the rows in agreement.
 */
import type {Chat, Message, User} from '../../api/api.js'
import {stringifyJson} from '../../base/json.js'
import {ServerError, UsageError} from '../../base/errors.js'
import {compareIds, maxId} from '../../api/ids.js'
import type {Database, Statement} from './sqlite.js'
import {lastMessageId} from '../chats/pages.js'

/**
 * Where a chat's archive stands. Every message with an id at or below `topId` is archived (down
 * to the first message of the chat). A walk in progress pages backwards from its `top` and has
 * reached `cursor`; it ends at `downTo` (exclusive; null: the first message), and then `top`
 * becomes the chat's `topId`. docs/archive.md, "Resume".
 */
export interface ChatState {
  topId: string | null
  walk?: {top: string; cursor: string; downTo: string | null}
}

/** An image attachment: the message, its place among the attachments, its URL. */
export interface ImageRef {
  messageId: string
  index: number
  url: string
}

/** A file dm export wrote from the archive (the `exports` table). */
export interface ExportRecord {
  conversationId: string
  messages: number
  bytes: number
  sha256: string
}

export interface PageOutcome {
  inserted: number
  updated: number
}

/** Message ids fit SQLite's 64-bit integers up to 18 digits; the FTS index is keyed by that number. */
const STORABLE_ID = /^\d{1,18}$/

export class ArchiveStore {
  private readonly insertMessage: Statement
  private readonly updateMessage: Statement
  private readonly insertMedia: Statement
  private readonly readStored: Statement
  private readonly clearReactions: Statement
  private readonly insertReaction: Statement
  private readonly insertRevision: Statement
  private readonly readState: Statement
  private readonly writeWalk: Statement
  private readonly countChat: Statement

  constructor(
    readonly db: Database,
    /** Seconds since the epoch, for archived_at, changed_at and the run times. */
    private readonly now: () => number,
  ) {
    this.insertMessage = db.prepare(
      `INSERT INTO messages (id, num, conversation_id, created_at, sender_id, user_id, sender_type, name, text,
         attachments, favorited_by, reactions, deleted_at, deletion_actor, updated_at, pinned_at, pinned_by, raw, archived_at)
       VALUES (?, CAST(? AS INTEGER), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
    )
    // Only a message whose JSON changed is rewritten: likes, reactions, a deletion, an edit.
    this.updateMessage = db.prepare(
      `UPDATE messages SET sender_id = ?, user_id = ?, sender_type = ?, name = ?, text = ?, attachments = ?,
         favorited_by = ?, reactions = ?, deleted_at = ?, deletion_actor = ?, updated_at = ?, pinned_at = ?, pinned_by = ?, raw = ?, changed_at = ?
       WHERE id = ? AND raw IS NOT ?`,
    )
    this.readStored = db.prepare('SELECT text, attachments, updated_at, raw FROM messages WHERE id = ?')
    this.clearReactions = db.prepare('DELETE FROM reactions WHERE message_id = ?')
    this.insertReaction = db.prepare('INSERT OR REPLACE INTO reactions (message_id, user_id, type, code, pack_id, pack_index) VALUES (?, ?, ?, ?, ?, ?)')
    this.insertRevision = db.prepare(
      `INSERT INTO message_revisions (message_id, revision, text, attachments, updated_at, replaced_at)
       VALUES (?, (SELECT coalesce(max(revision), 0) + 1 FROM message_revisions WHERE message_id = ?), ?, ?, ?, ?)`,
    )
    this.insertMedia = db.prepare('INSERT OR IGNORE INTO message_media (message_id, attachment_index, url, kind) VALUES (?, ?, ?, ?)')
    this.readState = db.prepare('SELECT top_id, walk_top, walk_cursor, walk_down_to FROM sync_state WHERE conversation_id = ?')
    this.writeWalk = db.prepare(
      `INSERT INTO sync_state (conversation_id, top_id, walk_top, walk_cursor, walk_down_to, synced_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (conversation_id) DO UPDATE SET top_id = excluded.top_id, walk_top = excluded.walk_top,
         walk_cursor = excluded.walk_cursor, walk_down_to = excluded.walk_down_to, synced_at = excluded.synced_at`,
    )
    // What the service still has: a chat cleared on the service keeps its older messages here, uncounted.
    this.countChat = db.prepare(
      `SELECT count(*) AS n FROM messages WHERE conversation_id = ?1
         AND num > coalesce((SELECT CAST(cleared_through AS INTEGER) FROM sync_state WHERE conversation_id = ?1), -1)`,
    )
  }

  /** The account the archive was made for (undefined: a new archive). */
  owner(): {id: string; name: string | null} | undefined {
    const row = this.db.prepare("SELECT meta.value AS id, users.name AS name FROM meta LEFT JOIN users ON users.id = meta.value WHERE meta.key = 'me'").get()
    return row ? {id: String(row.id), name: (row.name as string | null) ?? null} : undefined
  }

  /** The account's user, once per sync. */
  saveMe(me: User): void {
    this.db.transaction(() => {
      this.db.prepare("INSERT INTO meta (key, value) VALUES ('me', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(me.id))
      this.saveUser(String(me.id), me.name, (me.image_url as string | null | undefined) ?? null, true)
    })
  }

  /** The chats of one /chats page, and their other users. */
  saveChats(entries: Array<{id: string; chat: Chat}>): void {
    const upsert = this.db.prepare(
      `INSERT INTO chats (id, other_user_id, other_user_name, created_at, updated_at, messages_count, last_message_id, raw)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET other_user_id = excluded.other_user_id, other_user_name = excluded.other_user_name,
         created_at = excluded.created_at, updated_at = excluded.updated_at, messages_count = excluded.messages_count,
         last_message_id = excluded.last_message_id, raw = excluded.raw`,
    )
    this.db.transaction(() => {
      for (const {id, chat} of entries) {
        const other = chat.other_user
        upsert.run(
          id,
          String(other.id),
          other.name ?? null,
          integerOrNull(chat.created_at),
          integerOrNull(chat.updated_at),
          integerOrNull(chat.messages_count),
          lastMessageId(chat) ?? null,
          stringifyJson(chat),
        )
        this.saveUser(String(other.id), other.name ?? null, other.avatar_url ?? null, false)
      }
    })
  }

  state(conversationId: string): ChatState {
    const row = this.readState.get(conversationId)
    const topId = (row?.top_id as string | null | undefined) ?? null
    if (!row || row.walk_top === null || row.walk_cursor === null) return {topId}
    return {topId, walk: {top: row.walk_top as string, cursor: row.walk_cursor as string, downTo: (row.walk_down_to as string | null) ?? null}}
  }

  /**
   * One page of a walk (newest first, as the pager yields it) and the walk's new position, in
   * one transaction. The first page of a walk fixes its top; `downTo` is where it will stop.
   */
  savePage(conversationId: string, messages: Message[], walk: {downTo: string | null}): PageOutcome {
    if (messages.length === 0) return {inserted: 0, updated: 0}
    return this.db.transaction(() => {
      const outcome = this.upsertMessages(conversationId, messages)
      const state = this.state(conversationId)
      const oldest = messages.reduce((low, message) => (compareIds(message.id, low) < 0 ? message.id : low), messages[0].id)
      const newest = messages.reduce((high, message) => (compareIds(message.id, high) > 0 ? message.id : high), messages[0].id)
      const top = state.walk?.top ?? newest
      const downTo = state.walk ? state.walk.downTo : walk.downTo
      this.writeWalk.run(conversationId, state.topId, top, oldest, downTo, this.now())
      return outcome
    })
  }

  /** The walk reached its end: its top becomes the chat's top. A walk that found nothing changes nothing. */
  finishWalk(conversationId: string): void {
    this.db.transaction(() => {
      const state = this.state(conversationId)
      if (!state.walk) return
      const top = state.topId === null ? state.walk.top : maxId(state.topId, state.walk.top)
      this.writeWalk.run(conversationId, top, null, null, null, this.now())
    })
  }

  /** Messages re-read by --refresh: changes are written, nothing about the walk moves. */
  refreshPage(conversationId: string, messages: Message[]): PageOutcome {
    return this.db.transaction(() => this.upsertMessages(conversationId, messages))
  }

  /** A chat with no message yet: its walk is over before it began. */
  markEmpty(conversationId: string): void {
    this.db
      .prepare('INSERT INTO sync_state (conversation_id, synced_at) VALUES (?, ?) ON CONFLICT (conversation_id) DO UPDATE SET synced_at = excluded.synced_at')
      .run(conversationId, this.now())
  }

  countMessages(conversationId: string): number {
    return Number(this.countChat.get(conversationId)?.n ?? 0)
  }

  /**
   * The chat's history was cleared on the service (DELETE /chats/:id) below `oldestServed` (the
   * oldest message the service still gives; null: none): every archived message older than it is
   * kept and no longer counted against the service. False when that does not explain `serviceCount`.
   */
  markClearedBelow(conversationId: string, oldestServed: string | null, serviceCount: number): boolean {
    return this.db.transaction(() => {
      const above = oldestServed === null ? 0 : Number(this.db.prepare('SELECT count(*) AS n FROM messages WHERE conversation_id = ? AND num >= CAST(? AS INTEGER)').get(conversationId, oldestServed)?.n ?? 0)
      if (above !== serviceCount) return false
      const top = this.db
        .prepareExact('SELECT max(num) AS top FROM messages WHERE conversation_id = ?1 AND (?2 IS NULL OR num < CAST(?2 AS INTEGER))')
        .get(conversationId, oldestServed)?.top
      if (top === null || top === undefined) return false
      this.db.prepare('UPDATE sync_state SET cleared_through = ? WHERE conversation_id = ?').run(String(top), conversationId)
      return true
    })
  }

  recordCheck(conversationId: string, serviceCount: number | null, verified: boolean): void {
    this.db.prepare('UPDATE sync_state SET service_count = ?, verified = ? WHERE conversation_id = ?').run(serviceCount, verified ? 1 : 0, conversationId)
  }

  /** Whether any chat of the archive holds a message with this id. */
  hasMessage(id: string): boolean {
    return this.db.prepare('SELECT 1 AS found FROM messages WHERE id = ?').get(id) !== undefined
  }

  /** A chat's messages as the service sent them (`raw`), sent in [sinceMs, untilMs), oldest or newest first. */
  *rawMessages(conversationId: string, range: {sinceMs?: number; untilMs?: number; order: 'asc' | 'desc'}): Generator<string> {
    const rows = this.db.prepare(
      `SELECT raw FROM messages WHERE conversation_id = ? AND created_at * 1000 >= ? AND created_at * 1000 < ?
       ORDER BY num ${range.order === 'asc' ? 'ASC' : 'DESC'}`,
    )
    for (const row of rows.iterate(conversationId, range.sinceMs ?? Number.MIN_SAFE_INTEGER, range.untilMs ?? Number.MAX_SAFE_INTEGER)) yield row.raw as string
  }

  /** The image attachments of a chat's messages sent in [sinceMs, untilMs), oldest first (message_media lists them). */
  images(conversationId: string, range: {sinceMs?: number; untilMs?: number}): ImageRef[] {
    return this.db
      .prepare(
        `SELECT mm.message_id, mm.attachment_index, mm.url FROM message_media mm JOIN messages m ON m.id = mm.message_id
         WHERE mm.kind = 'image' AND m.conversation_id = ? AND m.created_at * 1000 >= ? AND m.created_at * 1000 < ? ORDER BY m.num, mm.attachment_index`,
      )
      .all(conversationId, range.sinceMs ?? Number.MIN_SAFE_INTEGER, range.untilMs ?? Number.MAX_SAFE_INTEGER)
      .map((row) => ({messageId: String(row.message_id), index: Number(row.attachment_index), url: String(row.url)}))
  }

  /** What the last dm export into `path` wrote, if one did from this archive. */
  exportOf(path: string): ExportRecord | undefined {
    const row = this.db.prepare('SELECT conversation_id, messages, bytes, sha256 FROM exports WHERE path = ?').get(path)
    return row && {conversationId: String(row.conversation_id), messages: Number(row.messages), bytes: Number(row.bytes), sha256: String(row.sha256)}
  }

  recordExport(path: string, record: ExportRecord): void {
    this.db
      .prepare(
        `INSERT INTO exports (path, conversation_id, messages, bytes, sha256, written_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (path) DO UPDATE SET conversation_id = excluded.conversation_id, messages = excluded.messages,
           bytes = excluded.bytes, sha256 = excluded.sha256, written_at = excluded.written_at`,
      )
      .run(path, record.conversationId, record.messages, record.bytes, record.sha256, this.now())
  }

  beginRun(): number {
    const row = this.db.prepare("INSERT INTO sync_runs (started_at) VALUES (?) RETURNING id").get(this.now())
    return Number(row?.id)
  }

  finishRun(runId: number, status: string, summary: unknown): void {
    this.db.prepare('UPDATE sync_runs SET finished_at = ?, status = ?, summary = ? WHERE id = ?').run(this.now(), status, JSON.stringify(summary), runId)
  }

  private upsertMessages(conversationId: string, messages: Message[]): PageOutcome {
    const outcome = {inserted: 0, updated: 0}
    const now = this.now()
    for (const message of messages) {
      const id = String(message.id)
      if (!STORABLE_ID.test(id)) throw new ServerError(`the service sent a message id that is not a number of at most 18 digits: ${JSON.stringify(id).slice(0, 40)}`)
      const fields = [
        stringOrNull(message.sender_id),
        stringOrNull(message.user_id),
        stringOrNull(message.sender_type),
        stringOrNull(message.name),
        stringOrNull(message.text),
        JSON.stringify(message.attachments ?? []),
        JSON.stringify(message.favorited_by ?? []),
        JSON.stringify(message.reactions ?? []),
        integerOrNull(message.deleted_at),
        stringOrNull(message.deletion_actor),
        integerOrNull(message.updated_at),
        integerOrNull(message.pinned_at),
        stringOrNull(message.pinned_by) || null,
      ]
      // As the service sent it: an id it sent as a bare number is written back as one (docs/decisions/0017-lossless-json-ids-past-2-53-are-strings-inside-and-the.md).
      const raw = stringifyJson(message)
      const added = this.insertMessage.run(id, id, conversationId, integerOrNull(message.created_at) ?? 0, ...fields, raw, now).changes
      if (added > 0) {
        outcome.inserted++
        this.recordImages(id, message)
        this.saveReactions(id, message)
        continue
      }

      const stored = this.readStored.get(id)
      if (stored?.raw === raw) continue
      // An edit (a new updated_at) keeps the text it replaces (docs/archive.md, "Reactions, pins and edits").
      const updatedAt = integerOrNull(message.updated_at)
      if (stored && updatedAt !== null && updatedAt !== stored.updated_at && stored.text !== stringOrNull(message.text)) {
        this.insertRevision.run(id, id, (stored.text as string | null) ?? null, String(stored.attachments ?? '[]'), (stored.updated_at as number | null) ?? null, now)
      }

      if (this.updateMessage.run(...fields, raw, now, id, raw).changes > 0) {
        outcome.updated++
        this.recordImages(id, message)
        this.saveReactions(id, message)
      }
    }

    return outcome
  }

  /**
   * One row per user who liked or reacted: the reaction they gave (type unicode or emoji), or
   * `like` for a like without one. Replaced whole, so a changed or taken-back reaction is current.
   */
  private saveReactions(messageId: string, message: Message): void {
    this.clearReactions.run(messageId)
    const reactions = Array.isArray(message.reactions) ? (message.reactions as Array<Record<string, unknown>>) : []
    const reacted = new Set<string>()
    for (const reaction of reactions) {
      const users = Array.isArray(reaction.user_ids) ? reaction.user_ids.map(String) : []
      const type = typeof reaction.type === 'string' ? reaction.type : 'unicode'
      for (const user of users) {
        reacted.add(user)
        this.insertReaction.run(messageId, user, type, stringOrNull(reaction.code) || null, integerOrNull(reaction.pack_id), integerOrNull(reaction.pack_index))
      }
    }

    for (const user of Array.isArray(message.favorited_by) ? message.favorited_by.map(String) : []) {
      if (!reacted.has(user)) this.insertReaction.run(messageId, user, 'like', null, null, null)
    }
  }

  /**
   * Images and videos (by URL) and files (by file id, fetched from the file service) wait in
   * message_media until a sync with --media saves their bytes.
   */
  private recordImages(messageId: string, message: Message): void {
    const attachments = Array.isArray(message.attachments) ? message.attachments : []
    for (const [index, attachment] of attachments.entries()) {
      const kind = attachment?.type
      if ((kind === 'image' || kind === 'video') && typeof attachment.url === 'string') this.insertMedia.run(messageId, index, attachment.url, kind)
      if (kind === 'file' && typeof attachment.file_id === 'string') this.insertMedia.run(messageId, index, attachment.file_id, kind)
    }
  }

  private saveUser(id: string, name: string | null, avatarUrl: string | null, isMe: boolean): void {
    this.db
      .prepare(
        `INSERT INTO users (id, name, avatar_url, is_me, seen_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, avatar_url = excluded.avatar_url,
           is_me = max(users.is_me, excluded.is_me), seen_at = excluded.seen_at`,
      )
      .run(id, name, avatarUrl, isMe ? 1 : 0, this.now())
  }
}

function stringOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : String(value)
}

function integerOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : null
}

/**
 * One archive holds one account: another account's sync or dm export would mix two histories and
 * overwrite the owner. Called before anything is written.
 */
export function refuseOtherAccount(store: ArchiveStore, me: User, dbPath: string): void {
  const owner = store.owner()
  if (owner === undefined || owner.id === String(me.id)) return
  const name = me.name || String(me.id)
  throw new UsageError(
    `${dbPath} is the archive of ${owner.name ?? 'another account'} (${owner.id}), and this token is ${name}'s (${me.id}): ` +
      `one archive holds one account; give ${name}'s archive its own --db`,
  )
}
