/**
 * `archive search`: FTS5 over the archived texts, newest first. The index is keyed by the message
 * id as a number, so "newest first" is the index's own order and a LIMIT stops early however many
 * messages match (docs/archive.md, "Search").
 */
import {UsageError} from '../../base/errors.js'
import {holdMemoryFlat} from '../../base/memory.js'
import type {OutputMode} from '../../output/mode.js'
import {type CommandOutput, list} from '../../output/render.js'
import {sanitizeLine} from '../../base/sanitize.js'
import {writeChunk} from '../../output/stream.js'
import {timeFormat} from '../../output/time.js'
import {fitWidth, textWidth} from '../../output/width.js'
import {filterSql, type MessageFilter, SEARCH_TSV_COLUMNS} from './filters.js'
import type {Message} from '../../api/api.js'
import {parseJsonLossless} from '../../base/json.js'
import {attachmentSummary} from '../dm/columns.js'
import {type Rows, rowPages, startRows} from './rows.js'
import type {Database, Row} from './sqlite.js'

export interface SearchHit {
  id: string
  createdAt: number
  chat: string
  chatName: string
  sender: string
  /** The text with each hit between HIT_START and HIT_END. */
  marked: string
  deleted: boolean
  /** The message as the service sent it (JSON text). */
  raw: string
}

/** Private-use characters around each hit: sanitising leaves them, and the renderer swaps them for colour. */
const HIT_START = '\uE000'
const HIT_END = '\uE001'

/** `query` is not blank: the command refuses an empty QUERY (requireText) before the archive is opened. */
export function searchArchive(db: Database, query: string, filter: MessageFilter, limit: number): Rows<SearchHit> {
  const {where, params} = filterSql(filter)
  const sql = `
    SELECT m.id, m.created_at, m.conversation_id, c.other_user_name, m.name, m.deleted_at, m.raw,
           highlight(messages_fts, 0, '${HIT_START}', '${HIT_END}') AS marked
    FROM messages_fts
    JOIN messages AS m ON m.num = messages_fts.rowid
    LEFT JOIN chats AS c ON c.id = m.conversation_id
    WHERE messages_fts MATCH ? AND ${where}
    ORDER BY messages_fts.rowid DESC
    LIMIT ?`
  try {
    return startRows(db.prepare(sql), [query, ...params, limit], searchHit)
  } catch (error) {
    const reason = (error as Error).message
    if (/fts5|syntax|no such column|unterminated|unknown special query/i.test(reason)) {
      throw new UsageError(`QUERY is not valid FTS5 syntax (${sanitizeLine(reason)}); see \`groupme archive search --help\``)
    }

    throw error
  }
}

function searchHit(row: Row): SearchHit {
  return {
    id: String(row.id),
    createdAt: Number(row.created_at),
    chat: String(row.conversation_id),
    chatName: String(row.other_user_name ?? ''),
    sender: String(row.name ?? ''),
    marked: String(row.marked ?? ''),
    deleted: row.deleted_at !== null && row.deleted_at !== undefined,
    raw: String(row.raw),
  }
}

/**
 * A terminal gets one line a hit (time, chat, sender: text) with the hits in colour; a pipe gets
 * tab-separated id, time, chat id, chat name, sender, text, attachments; --json and --jsonl the messages exactly
 * as archived from the service.
 */
export function searchOutput(hits: Rows<SearchHit>): CommandOutput {
  return {
    async render(mode: OutputMode, {stdout, stderr}) {
      // --json FIELDS and --jq work on the messages as objects, as every list's do.
      if ((mode.format === 'json' || mode.format === 'jsonl') && (mode.fields || mode.jq)) {
        await list(rowPages(hits), [], {raw: (hit) => parseJsonLossless(hit.raw), local: true}).render(mode, {stdout, stderr})
        return
      }

      if (mode.format === 'plain' && mode.header) await writeChunk(stdout, `${SEARCH_TSV_COLUMNS.join('\t')}\n`)
      if (hits.first.done) {
        if (mode.format === 'json') await writeChunk(stdout, '[]\n')
        if (mode.format === 'table') await writeChunk(stderr, 'No messages match.\n')
        return
      }

      await holdMemoryFlat()
      const line = lineFor(mode)
      let written = 0
      // Page by page as SQLite reads them: a --limit of 100,000 takes the memory of a page.
      for await (const page of rowPages(hits)) {
        const text = page.map((hit) => line(hit)).join(mode.format === 'json' ? ',\n' : '')
        await writeChunk(stdout, mode.format === 'json' ? (written === 0 ? '[\n' : ',\n') + text : text)
        written += page.length
      }

      if (mode.format === 'json') await writeChunk(stdout, '\n]\n')
    },
  }
}

/** One hit as its mode prints it (--json: an element of the array, without its comma). */
function lineFor(mode: OutputMode): (hit: SearchHit) => string {
  switch (mode.format) {
    case 'json': {
      return (hit) => `  ${hit.raw}`
    }

    case 'jsonl': {
      return (hit) => hit.raw + '\n'
    }

    case 'plain': {
      const time = timeFormat({style: 'iso', now: mode.now, timeZone: mode.timeZone})
      return (hit) => [hit.id, time(hit.createdAt), hit.chat, hit.chatName, hit.sender, plainText(hit), carried(hit)].map((cell) => sanitizeLine(cell)).join('\t') + '\n'
    }

    case 'table': {
      const time = timeFormat({style: 'relative', now: mode.now, timeZone: mode.timeZone})
      return (hit) => terminalLine(hit, mode, time(hit.createdAt)) + '\n'
    }
  }
}

/** What the message carries besides its text (attachments, `↩ <id>`, pinned, `❤️ 2`), as dm list shows it. */
function carried(hit: SearchHit): string {
  try {
    return attachmentSummary(parseJsonLossless(hit.raw) as Message)
  } catch {
    return ''
  }
}

function plainText(hit: SearchHit): string {
  const text = hit.marked.replaceAll(HIT_START, '').replaceAll(HIT_END, '')
  return hit.deleted ? `[deleted] ${text}` : text
}

/** Service text is sanitised before any colour is added, so it can never carry escapes of its own. */
function terminalLine(hit: SearchHit, mode: OutputMode, time: string): string {
  const head = `${time}  ${sanitizeLine(hit.chatName) || hit.chat}  ${sanitizeLine(hit.sender)}: `
  const summary = sanitizeLine(carried(hit))
  const tail = summary === '' ? '' : `  [${summary}]`
  let text = sanitizeLine(hit.deleted ? `[deleted] ${hit.marked}` : hit.marked)
  if (mode.width !== undefined) {
    const room = Math.max(20, mode.width - textWidth(head) - textWidth(tail) - 1)
    text = fitWidth(aroundFirstHit(text, room), room)
  }
  const start = mode.color ? '\u001b[1;33m' : ''
  const end = mode.color ? '\u001b[22;39m' : ''
  // A hit cut off by the truncation has no end marker: close the colour at the end of the line.
  const coloured = text.replaceAll(HIT_START, start).replaceAll(HIT_END, end)
  return head + coloured + (mode.color && text.lastIndexOf(HIT_START) > text.lastIndexOf(HIT_END) ? end : '') + tail
}

/** A text longer than the room starts a little before its first hit, so the hit is on screen. */
function aroundFirstHit(text: string, room: number): string {
  const first = text.indexOf(HIT_START)
  const lead = Math.floor(room / 4)
  if (first <= lead || textWidth(text) <= room) return text
  return '…' + text.slice(first - lead)
}
