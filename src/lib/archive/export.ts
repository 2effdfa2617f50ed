/**
 * `archive export`: one file per chat, oldest first. JSONL lines are the messages exactly as the
 * service sent them; CSV has the stable columns in CSV_COLUMNS (docs/archive.md, "Export").
 * Each file is written beside its final name and renamed into place when complete.
 */
import {mkdir} from 'node:fs/promises'
import {join} from 'node:path'
import {PRIVATE_FILE_MODE, removeStaleTemporaries, writeChunksAtomic} from '../../base/files.js'
import {holdMemoryFlat} from '../../base/memory.js'
import type {Database} from './sqlite.js'

export type ExportFormat = 'jsonl' | 'csv'

/** The CSV header, in order; new columns are only ever added at the end. */
const CSV_COLUMNS = [
  'id',
  'created_at',
  'conversation_id',
  'sender_id',
  'sender_name',
  'sender_type',
  'text',
  'attachment_types',
  'likes',
  'reactions',
  'deleted_at',
  'updated_at',
] as const

export interface ExportedFile {
  chat: string
  file: string
  messages: number
}

export async function exportArchive(db: Database, options: {dir: string; format: ExportFormat; chats?: string[]}): Promise<ExportedFile[]> {
  await mkdir(options.dir, {recursive: true})
  // Row after row through a small working set: a million messages in about the memory of one chat's page (bench M4).
  await holdMemoryFlat()
  const chats = options.chats ?? (db.prepare('SELECT id FROM chats ORDER BY id').all().map((row) => String(row.id)))
  const rows = db.prepare(
    `SELECT id, created_at, conversation_id, sender_id, name, sender_type, text, attachments, favorited_by, reactions, deleted_at, updated_at, raw
     FROM messages WHERE conversation_id = ? ORDER BY num`,
  )
  const files: ExportedFile[] = []
  for (const chat of chats) {
    // The compound id (digits and '+') is the file name: nothing from the service becomes a path.
    const file = join(options.dir, `${chat}.${options.format}`)
    await removeStaleTemporaries(file)
    let messages = 0
    function* lines(): Generator<string> {
      if (options.format === 'csv') yield CSV_COLUMNS.join(',') + '\r\n'
      for (const row of rows.iterate(chat)) {
        messages++
        yield options.format === 'jsonl' ? `${row.raw as string}\n` : csvLine(row)
      }
    }

    // Files that can be made again from the archive: renamed into place whole, without the fsyncs.
    await writeChunksAtomic(file, lines(), {mode: PRIVATE_FILE_MODE, durable: false})
    files.push({chat, file, messages})
  }

  return files
}

function csvLine(row: Record<string, unknown>): string {
  const attachments = parseArray(row.attachments)
  const reactions = parseArray(row.reactions)
  const cells = [
    row.id,
    isoTime(row.created_at),
    row.conversation_id,
    row.sender_id,
    row.name,
    row.sender_type,
    row.text,
    attachments.map((attachment) => String((attachment as {type?: unknown})?.type ?? '')).join(' '),
    parseArray(row.favorited_by).length,
    reactions.map((reaction) => `${reactionCode(reaction)}×${((reaction as {user_ids?: unknown[]})?.user_ids ?? []).length}`).join(' '),
    isoTime(row.deleted_at),
    isoTime(row.updated_at),
  ]
  return cells.map(csvCell).join(',') + '\r\n'
}

/** RFC 4180: quoted when it holds a comma, quote or line break; a leading = + - @ is kept as text for spreadsheets. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

function isoTime(seconds: unknown): string {
  return typeof seconds === 'number' && Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : ''
}

/** A reaction as the CSV names it: its emoji, or `pack:ID:INDEX` for a GroupMe emoji (docs/actions.md). */
function reactionCode(reaction: unknown): string {
  const {type, code, pack_id: packId, pack_index: packIndex} = (reaction ?? {}) as Record<string, unknown>
  return type === 'emoji' ? `pack:${String(packId)}:${String(packIndex)}` : String(code ?? '')
}

/** A JSON array column (attachments, favorited_by, reactions); anything else reads as empty. */
export function parseArray(json: unknown): unknown[] {
  // Most messages have no attachments, likes or reactions.
  if (json === '[]' || json === null || json === undefined) return []
  try {
    const value: unknown = JSON.parse(String(json ?? '[]'))
    return Array.isArray(value) ? value : []
  } catch {
    return []
  }
}
