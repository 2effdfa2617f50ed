import type {Chat} from '../../api/api.js'
import type {Column} from '../../output/render.js'

/** A chat with its compound id, which the service's chat object does not always hold. */
export interface ChatEntry {
  id: string
  chat: Chat
}

/** A chat's fields for `--json FIELDS` (docs/service.md, Chats). */
export const chatFields = [
  'created_at',
  'updated_at',
  'messages_count',
  'other_user',
  'last_message',
  'last_read_message_id',
  'last_read_at',
  'unread_count',
  'message_deletion_mode',
  'message_deletion_period',
  'message_edit_period',
  'requires_approval',
] as const

/** On a narrow terminal the count goes first, then the time, then the last message. */
export const chatColumns: Column<ChatEntry>[] = [
  {header: 'chat id', value: ({id}) => id},
  {header: 'other user', value: ({chat}) => chat.other_user?.name ?? '', minWidth: 8},
  {header: 'messages', value: ({chat}) => String(chat.messages_count ?? ''), align: 'right', dropOrder: 3},
  {header: 'last message', value: ({chat}) => lastMessageText(chat), flex: true, dropOrder: 1},
  {header: 'updated', value: ({chat}, view) => view.time(chat.updated_at), dropOrder: 2, muted: true},
]

function lastMessageText(chat: Chat): string {
  const last = chat.last_message
  if (!last) return ''
  if (last.deleted_at) return '[deleted]'
  if (last.text) return last.text
  const types = (last.attachments ?? []).map((attachment) => attachment.type)
  return types.length > 0 ? `[${types.join(',')}]` : ''
}
