/**
 * What the viewer reads from the archive (docs/archive.md, "Schema"): chats, their messages in
 * order, the saved images, and the names of the users the archive knows.
 */
import {createHash} from 'node:crypto'
import {parseArray} from '../export.js'
import type {Database, Row, Statement} from '../sqlite.js'

export interface ChatRow {
  id: string
  /** The chat's folder under `chats/`: the compound id, which is digits and `+`. */
  dir: string
  otherUserId: string
  name: string
}

export interface MessageRow {
  id: string
  createdAt: number
  senderId: string
  senderType: string
  name: string
  text: string
  attachments: Attachment[]
  deletedAt: number | null
  deletionActor: string | null
  updatedAt: number | null
  pinnedAt: number | null
  pinnedBy: string | null
}

/** One user's reaction to a message (the `reactions` table): a like, a unicode emoji, or a GroupMe emoji of a pack. */
export interface ReactionRow {
  userId: string
  type: string
  code: string | null
}

/** The text an edit replaced (`message_revisions`), oldest first. */
export interface Revision {
  text: string
  /** When that text was itself last edited (null: as first sent). */
  updatedAt: number | null
  replacedAt: number
}

/** An attachment as the service sent it: the set of types is open (docs/service.md, Message objects in the wild). */
export type Attachment = Record<string, unknown> & {type?: unknown}

/** A saved attachment: its file relative to the archive's media folder (`ab/abcdef….png`), size and type. */
export interface SavedMedia {
  path: string
  bytes: number
  contentType: string
  /** A file attachment's own name, from the file service (message_media.file_name). */
  fileName?: string
}

/** A chat's saved attachments, keyed `messageId:attachmentIndex`. */
export type MediaPaths = Map<string, SavedMedia>

const MESSAGE_COLUMNS = 'id, created_at, sender_id, sender_type, name, text, attachments, deleted_at, deletion_actor, updated_at, pinned_at, pinned_by'

export class ArchiveReader {
  private readonly byChat: Statement
  private readonly byId: Statement
  private readonly position: Statement

  constructor(private readonly db: Database) {
    this.byChat = db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY num`)
    this.byId = db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = ? AND conversation_id = ?`)
    this.position = db.prepare('SELECT count(*) AS n FROM messages WHERE conversation_id = ? AND num < CAST(? AS INTEGER)')
  }

  /** The account's own user id (meta `me`), or '' before a sync has recorded it. */
  me(): string {
    return String(this.db.prepare("SELECT value FROM meta WHERE key = 'me'").get()?.value ?? '')
  }

  /** Every user the archive knows, by id. */
  names(): Map<string, string> {
    const rows = this.db.prepare('SELECT id, name FROM users').all()
    return new Map(rows.filter((row) => typeof row.name === 'string' && row.name !== '').map((row) => [String(row.id), String(row.name)]))
  }

  /**
   * The avatars `archive sync --media` saved, by user id (relative to the media folder). An
   * archive whose sync never saved one has none (an older archive is upgraded when opened, schema.ts).
   */
  avatars(): Map<string, string> {
    const rows = this.db
      .prepare(`SELECT u.id, md.path FROM users u JOIN avatars a ON a.url = u.avatar_url JOIN media md ON md.sha256 = a.sha256 WHERE a.status = 'saved'`)
      .all()
    return new Map(rows.filter((row) => isMediaPath(row.path)).map((row) => [String(row.id), String(row.path)]))
  }

  chats(only?: string[]): ChatRow[] {
    const rows = this.db.prepare('SELECT id, other_user_id, other_user_name FROM chats ORDER BY id').all()
    const wanted = only ? new Set(only) : undefined
    return rows
      .filter((row) => !wanted || wanted.has(String(row.id)))
      .map((row) => ({
        id: String(row.id),
        dir: chatDir(String(row.id)),
        otherUserId: String(row.other_user_id),
        name: typeof row.other_user_name === 'string' && row.other_user_name !== '' ? row.other_user_name : `User ${String(row.other_user_id)}`,
      }))
  }

  /** A chat's messages, oldest first, one at a time. */
  *messages(chatId: string): Generator<MessageRow> {
    for (const row of this.byChat.iterate(chatId)) yield messageRow(row)
  }

  message(chatId: string, id: string): MessageRow | undefined {
    const row = this.byId.get(id, chatId)
    return row && messageRow(row)
  }

  /**
   * What a chat's pages are made from, in one line: its count, its last message, and when any of
   * its messages was last archived or changed (the sync sets changed_at on every change: an edit,
   * a deletion, a like). Read without parsing a message, so an unchanged chat costs one query.
   */
  chatState(chatId: string): string {
    const row = this.db
      .prepare('SELECT count(*) AS n, CAST(max(num) AS TEXT) AS last, max(coalesce(changed_at, archived_at)) AS changed FROM messages WHERE conversation_id = ?')
      .get(chatId)
    return `${Number(row?.n ?? 0)} ${String(row?.last ?? '')} ${Number(row?.changed ?? 0)}`
  }

  /** The chat's reactions, by message id, in the order they were recorded. */
  reactionsOf(chatId: string): Map<string, ReactionRow[]> {
    const found = new Map<string, ReactionRow[]>()
    const rows = this.db
      .prepare('SELECT r.message_id, r.user_id, r.type, r.code FROM reactions r JOIN messages m ON m.id = r.message_id WHERE m.conversation_id = ? ORDER BY r.rowid')
      .all(chatId)
    for (const row of rows) {
      const list = found.get(String(row.message_id)) ?? []
      list.push({userId: String(row.user_id), type: String(row.type), code: typeof row.code === 'string' && row.code !== '' ? row.code : null})
      found.set(String(row.message_id), list)
    }

    return found
  }

  /** The texts the chat's edits replaced, by message id, oldest first. */
  revisionsOf(chatId: string): Map<string, Revision[]> {
    const found = new Map<string, Revision[]>()
    const rows = this.db
      .prepare(
        `SELECT r.message_id, r.text, r.updated_at, r.replaced_at FROM message_revisions r JOIN messages m ON m.id = r.message_id
         WHERE m.conversation_id = ? ORDER BY r.message_id, r.revision`,
      )
      .all(chatId)
    for (const row of rows) {
      const list = found.get(String(row.message_id)) ?? []
      list.push({text: String(row.text ?? ''), updatedAt: typeof row.updated_at === 'number' ? row.updated_at : null, replacedAt: Number(row.replaced_at)})
      found.set(String(row.message_id), list)
    }

    return found
  }

  /** How many messages of the chat come before this one (its 0-based place). */
  positionOf(chatId: string, id: string): number {
    return Number(this.position.get(chatId, id)?.n ?? 0)
  }

  /** The chat's saved attachments (images, and videos and files where the sync saved them). */
  mediaPaths(chatId: string): MediaPaths {
    const rows = this.db
      .prepare(
        `SELECT mm.message_id, mm.attachment_index, mm.file_name, md.path, md.bytes, md.content_type FROM message_media mm
         JOIN messages m ON m.id = mm.message_id JOIN media md ON md.sha256 = mm.sha256
         WHERE m.conversation_id = ? AND mm.status = 'saved'`,
      )
      .all(chatId)
    return new Map(
      rows
        .filter((row) => isMediaPath(row.path))
        .map((row) => [
          `${String(row.message_id)}:${Number(row.attachment_index)}`,
          {
            path: String(row.path),
            bytes: Number(row.bytes ?? 0),
            contentType: typeof row.content_type === 'string' ? row.content_type : '',
            ...(typeof row.file_name === 'string' && row.file_name.trim() !== '' && {fileName: row.file_name}),
          },
        ]),
    )
  }
}

/** The archive writes `ab/<sha256>.<ext>`; anything else is not followed into the site. */
export function isMediaPath(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{2}\/[0-9a-f]{64}\.[a-z0-9]{1,5}$/.test(value)
}

/** A compound chat id as a folder name; an id of another shape gets a name made from its hash. */
function chatDir(id: string): string {
  return /^\d{1,20}\+\d{1,20}$/.test(id) ? id : `chat-${createHash('sha256').update(id).digest('hex').slice(0, 16)}`
}

function messageRow(row: Row): MessageRow {
  return {
    id: String(row.id),
    createdAt: Number(row.created_at),
    senderId: String(row.sender_id ?? ''),
    senderType: String(row.sender_type ?? 'user'),
    name: String(row.name ?? ''),
    text: String(row.text ?? ''),
    attachments: parseArray(row.attachments).filter((item): item is Attachment => typeof item === 'object' && item !== null),
    deletedAt: typeof row.deleted_at === 'number' ? row.deleted_at : null,
    deletionActor: typeof row.deletion_actor === 'string' ? row.deletion_actor : null,
    updatedAt: typeof row.updated_at === 'number' ? row.updated_at : null,
    pinnedAt: typeof row.pinned_at === 'number' ? row.pinned_at : null,
    pinnedBy: typeof row.pinned_by === 'string' && row.pinned_by !== '' ? row.pinned_by : null,
  }
}
