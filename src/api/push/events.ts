/**
 * What arrives on /user/<id> (docs/push.md, Events), read without trusting it: any shape, any
 * type, never an exception. A DM is only a doorbell here (the message itself is read over REST);
 * other events become typed records for `dm watch --events`.
 */
import {isRecord} from '../../base/json-file.js'
import {conversationId, isNumericId} from '../ids.js'

/** A record for `--events`: the event's type, and its subject as REST would name the fields. */
export interface EventRecord {
  event: string
  received_at?: number
  /** The DM the event is about, when it says. */
  conversation_id?: string
  subject?: unknown
  /** An event that is not an object at all, passed through as it came. */
  data?: unknown
  [field: string]: unknown
}

export type PushNotice =
  /** A DM to or from you: `conversationId`/`messageId` when the event names them. */
  | {kind: 'message'; conversationId?: string; messageId?: string}
  /** Keep-alive, or a group message (`line.create`): nothing for a DM tool to do. */
  | {kind: 'quiet'}
  | {kind: 'event'; record: EventRecord}

const QUIET = new Set(['ping', 'line.create'])

export function readPushEvent(data: unknown): PushNotice {
  if (!isRecord(data) || typeof data.type !== 'string') return {kind: 'event', record: {event: 'unknown', data}}
  const {type, subject, received_at: receivedAt, ...rest} = data
  if (QUIET.has(type)) return {kind: 'quiet'}
  const conversation = conversationOf(subject)
  if (type === 'direct_message.create') {
    const id = isRecord(subject) && typeof subject.id === 'string' && isNumericId(subject.id) ? subject.id : undefined
    return {kind: 'message', conversationId: conversation, messageId: id}
  }

  return {
    kind: 'event',
    record: {
      event: type,
      ...(typeof receivedAt === 'number' && {received_at: receivedAt}),
      ...(conversation && {conversation_id: conversation}),
      ...(subject !== undefined && {subject: restShape(subject)}),
      ...rest,
    },
  }
}

/**
 * Push names a DM's conversation `chat_id` where REST says `conversation_id` (docs/push.md):
 * rename it in an object and in the message objects it holds (a favorite's `line`), keep the rest.
 */
export function restShape(value: unknown): unknown {
  if (!isRecord(value)) return value
  const out: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value)) {
    if (key === 'chat_id' && typeof field === 'string' && toConversationId(field)) out.conversation_id = toConversationId(field)
    else out[key] = isRecord(field) ? restShape(field) : field
  }

  return out
}

/** The DM an event is about: its subject's chat, or the chat of the message it carries (`line`). */
function conversationOf(subject: unknown): string | undefined {
  if (!isRecord(subject)) return undefined
  for (const candidate of [subject.chat_id, subject.conversation_id, isRecord(subject.line) ? subject.line.chat_id : undefined, isRecord(subject.line) ? subject.line.conversation_id : undefined]) {
    const id = typeof candidate === 'string' ? toConversationId(candidate) : undefined
    if (id) return id
  }

  return undefined
}

/** `a+b` (REST and /user events) or `a_b` (thread channels), in numeric order; undefined for a group id. */
function toConversationId(value: string): string | undefined {
  const parts = value.split(/[+_]/)
  return parts.length === 2 && parts.every(isNumericId) ? conversationId(parts[0], parts[1]) : undefined
}
