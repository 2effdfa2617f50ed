import type {Message} from '../../../api/api.js'
import type {Clock} from '../../../base/clock.js'
import {stringifyJson} from '../../../base/json.js'
import type {EventRecord} from '../../../api/push/events.js'
import {isRecord} from '../../../base/json-file.js'
import {sanitizeLine} from '../../../base/sanitize.js'
import {writeChunk} from '../../../output/stream.js'
import {timeFormat} from '../../../output/time.js'
import type {IOStreams} from '../../../core/io.js'
import {attachmentSummary, messageText, senderName} from '../columns.js'
import {reactionSummary} from '../reactions.js'

/** How dm watch prints: a readable line a message on a terminal, else one JSON object a line. */
export type WatchFormat = 'lines' | 'jsonl'

export interface WatchPrinter {
  /** Print one chat's new messages, oldest first; resolves once they have left the process. */
  messages(batch: readonly Message[]): Promise<void>
  event(record: EventRecord): Promise<void>
}

export interface ChatNames {
  /** My user id: my own messages read "you → Alice". */
  meId: string
  /** The other user's name in a chat, by the other user's id. */
  nameOf(otherUserId: string): string | undefined
}

/**
 * JSONL prints each message as REST gives it (the shape `dm list --jsonl` prints) and each event
 * as its record. Lines are sanitised: service text never writes control characters to a terminal.
 */
export function watchPrinter(format: WatchFormat, names: ChatNames, io: Pick<IOStreams, 'stdout' | 'flushed'>, clock: Pick<Clock, 'now'>): WatchPrinter {
  const write = async (text: string) => {
    await writeChunk(io.stdout, text)
    await io.flushed()
  }

  return {
    messages: (batch) => write(batch.map((message) => (format === 'jsonl' ? stringifyJson(message) : messageLine(message, names)) + '\n').join('')),
    event: (record) => write((format === 'jsonl' ? stringifyJson(record) : eventLine(record, names, clock.now())) + '\n'),
  }
}

/** Times as in a pipe (`2026-10-20T09:45:00+02:00`): "less than a minute ago" would say nothing in a live stream. */
const formatTime = timeFormat({style: 'iso', now: 0})

/** `2026-10-01T09:00:00+02:00  Alice Example: Hi!` or `… you → Alice Example: Hi!`, plus `[deleted]` and attachment types. */
export function messageLine(message: Message, names: ChatNames): string {
  const mine = message.sender_id === names.meId
  const other = mine ? message.recipient_id : message.sender_id
  const from = mine ? `you → ${names.nameOf(other ?? '') ?? other ?? ''}` : senderName(message)
  const attachments = attachmentSummary(message, ', ')
  const tail = attachments === '' ? '' : `  [${attachments}]`
  return sanitizeLine(`${formatTime(message.created_at)}  ${from}: ${messageText(message)}${tail}`)
}

/**
 * `2026-10-01T09:00:05+02:00  * reaction (Alice Example) 175140957719383985  [❤️ 1 🔥 1]`; an event without its
 * time is dated `now`. A typed event (`--events`) carries its message as REST has it now, so the line ends with what
 * the message shows now: a reaction taken off reads `[no reactions]`.
 */
export function eventLine(record: EventRecord, names: ChatNames, now: number): string {
  const seconds = Math.floor((typeof record.received_at === 'number' ? record.received_at : now) / 1000)
  const other = record.conversation_id?.split('+').find((id) => id !== names.meId)
  const chat = other ? ` (${names.nameOf(other) ?? other})` : ''
  const subject = record.subject as {id?: unknown; line?: {id?: unknown}} | undefined
  const about = record.message_id ?? subject?.line?.id ?? subject?.id
  const shows = isRecord(record.message) ? messageNow(record.event, record.message as unknown as Message) : ''
  return sanitizeLine(`${formatTime(seconds)}  * ${record.event}${chat}${typeof about === 'string' ? ` ${about}` : ''}${shows === '' ? '' : `  [${shows}]`}`)
}

/** What an event's message shows now: its attachments, pin and reactions; for a reaction event, also when it has none. */
function messageNow(event: string, message: Message): string {
  const summary = attachmentSummary(message, ', ')
  if (event !== 'reaction' || reactionSummary(message) !== '') return summary
  return summary === '' ? 'no reactions' : `${summary}, no reactions`
}
