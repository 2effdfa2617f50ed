/**
 * `dm watch --events`: what happened to a message, as typed records (docs/actions.md): `reaction`
 * (a like or reaction added or taken back), `pin`, `unpin`, `edit` and `deletion`. Push only rings
 * the bell: each record carries the message as REST has it now, read again, so a lost, doubled or
 * late event still prints what is true (`message` is left out when REST cannot say).
 */
import type {GroupMeApi, Message} from '../../../api/api.js'
import type {EventRecord} from '../../../api/push/events.js'
import {isNumericId} from '../../../api/ids.js'
import {AuthError} from '../../../base/errors.js'
import {isRecord} from '../../../base/json-file.js'
import {findMessage} from '../message.js'

export type ActionEvent = 'reaction' | 'pin' | 'unpin' | 'edit' | 'deletion'

/** A typed event still to be read over REST: which message of which chat, and what was pushed. */
export interface PendingAction {
  event: ActionEvent
  conversationId: string
  messageId: string
  /** The push record's own fields (received_at, subject), kept in the printed record. */
  pushed?: EventRecord
}

/** Push events about a message, by their type on /user (docs/push.md). */
const PUSHED: Record<string, ActionEvent> = {favorite: 'reaction', 'like.create': 'reaction', 'message.update': 'edit', 'message.deleted': 'deletion'}

/** The system messages a DM gets when something happens to one of its messages, by `event.type`. */
const SYSTEM: Record<string, ActionEvent> = {
  'message.pinned': 'pin',
  'message.unpinned': 'unpin',
  'message.deleted': 'deletion',
  'message.update': 'edit',
  'message.updated': 'edit',
}

/** A push record that is about one message of a DM, as a pending typed event; undefined for anything else. */
export function pushedAction(record: EventRecord): PendingAction | undefined {
  const event = PUSHED[record.event]
  if (!event || !record.conversation_id) return undefined
  const subject = isRecord(record.subject) ? record.subject : {}
  const line = isRecord(subject.line) ? subject.line : {}
  const id = [line.id, subject.message_id, subject.id].find((candidate) => typeof candidate === 'string' && isNumericId(candidate)) as string | undefined
  return id ? {event, conversationId: record.conversation_id, messageId: id, pushed: record} : undefined
}

/** The typed events the system messages of a batch stand for (a pin posts one in the chat). */
export function systemActions(batch: readonly Message[]): PendingAction[] {
  return batch.flatMap((message) => {
    const event = isRecord(message.event) ? message.event : undefined
    const data = event && isRecord(event.data) ? event.data : {}
    let type = typeof event?.type === 'string' ? SYSTEM[event.type] : undefined
    if (type === 'pin' && data.pinned === false) type = 'unpin'
    const id = data.message_id
    if (message.sender_type !== 'system' || !type || typeof id !== 'string' || !isNumericId(id) || !message.conversation_id) return []
    return [{event: type, conversationId: message.conversation_id, messageId: id}]
  })
}

/** The record printed: the event, its chat and message, what push said, and the message as REST has it now. */
export async function reconciledRecord(client: GroupMeApi, action: PendingAction, otherUserId: string): Promise<EventRecord> {
  // The event prints without its message when the look-up fails (the message gone, the service
  // busy past its retries); a token refused ends the watch, as it does everywhere (exit 3).
  const message = await findMessage(client, otherUserId, action.messageId).catch((error: unknown) => {
    if (error instanceof AuthError) throw error
    return undefined
  })
  const {event: _pushedType, ...pushed} = action.pushed ?? {event: ''}
  return {...pushed, event: action.event, conversation_id: action.conversationId, message_id: action.messageId, ...(message && {message})}
}
