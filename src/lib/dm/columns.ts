import type {Message} from '../../api/api.js'
import type {Column} from '../../output/render.js'
import {formatLocalTime} from '../../output/time.js'

export const messageColumns: Column<Message>[] = [
  {header: 'id', value: (message) => message.id},
  {header: 'time', value: (message) => formatLocalTime(message.created_at)},
  {header: 'from', value: (message) => (message.sender_type === 'system' ? `[system] ${message.name ?? ''}`.trim() : message.name ?? '')},
  {header: 'text', value: messageText, flex: true},
  {header: 'attachments', value: attachmentTypes},
]

/** The text, marked when the message was deleted (its text is then the service's placeholder). */
function messageText(message: Message): string {
  const text = message.text ?? ''
  return message.deleted_at ? `[deleted] ${text}`.trim() : text
}

function attachmentTypes(message: Message): string {
  return (message.attachments ?? []).map((attachment) => String(attachment.type)).join(',')
}
