import type {Message} from '../../api/api.js'
import type {Column} from '../../output/render.js'
import {isPinned} from './pins.js'
import {reactionSummary} from './reactions.js'

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
  {header: 'attachments', value: (message) => attachmentSummary(message), dropOrder: 4},
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

/**
 * What a message carries besides its text, `separator` between the parts: its attachments by type,
 * a reply as `↩ <id>` of the message answered, `pinned`, then its reactions (`❤️ 2 🔥 1`); empty
 * when it has none (docs/actions.md).
 */
export function attachmentSummary(message: Message, separator = ','): string {
  const parts = (message.attachments ?? []).map((attachment) =>
    attachment.type === 'reply' && typeof attachment.reply_id === 'string' ? `↩ ${attachment.reply_id}` : String(attachment.type),
  )
  if (isPinned(message)) parts.push('pinned')
  const reactions = reactionSummary(message)
  if (reactions !== '') parts.push(reactions)
  return parts.join(separator)
}
