import type {Message} from '../../api/api.js'
import type {Column} from '../../output/render.js'

/** A message's fields for `--json FIELDS` (docs/service.md, Message objects in the wild). */
export const messageFields = [
  'id',
  'created_at',
  'text',
  'name',
  'sender_id',
  'user_id',
  'recipient_id',
  'conversation_id',
  'sender_type',
  'source_guid',
  'avatar_url',
  'attachments',
  'favorited_by',
  'reactions',
  'pinned_at',
  'pinned_by',
  'updated_at',
  'deleted_at',
  'deletion_actor',
  'event',
  'platform',
] as const

/** On a narrow terminal the attachments go first, then the id, then the time: who wrote what stays. */
export const messageColumns: Column<Message>[] = [
  {header: 'id', value: (message) => message.id, dropOrder: 3, muted: true},
  {header: 'time', value: (message, view) => view.time(message.created_at), dropOrder: 2, muted: true},
  {header: 'from', value: senderName, minWidth: 8},
  {header: 'text', value: messageText, flex: true},
  {header: 'attachments', value: (message) => attachmentTypes(message), dropOrder: 4},
]

/** Who wrote it: the sender's name, marked `[system]` for the service's own messages. */
export function senderName(message: Message): string {
  return message.sender_type === 'system' ? `[system] ${message.name ?? ''}`.trim() : message.name ?? ''
}

/** The text, marked when the message was deleted (its text is then the service's placeholder). */
export function messageText(message: Message): string {
  const text = message.text ?? ''
  return message.deleted_at ? `[deleted] ${text}`.trim() : text
}

/** The types of its attachments, `separator` between them; empty when it has none. */
export function attachmentTypes(message: Message, separator = ','): string {
  return (message.attachments ?? []).map((attachment) => String(attachment.type)).join(separator)
}
