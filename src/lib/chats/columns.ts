import type {Chat} from '../../api/api.js'
import type {Column} from '../../output/render.js'
import {formatLocalTime} from '../../output/time.js'

/** A chat with its compound id, which the service's chat object does not always hold. */
export interface ChatEntry {
  id: string
  chat: Chat
}

export const chatColumns: Column<ChatEntry>[] = [
  {header: 'chat id', value: ({id}) => id},
  {header: 'other user', value: ({chat}) => chat.other_user?.name ?? ''},
  {header: 'messages', value: ({chat}) => String(chat.messages_count ?? '')},
  {header: 'last message', value: ({chat}) => lastMessageText(chat), flex: true},
  {header: 'updated', value: ({chat}) => formatLocalTime(chat.updated_at)},
  // Last, so scripts that cut the earlier columns keep working.
  {header: 'user id', value: ({chat}) => String(chat.other_user?.id ?? '')},
]

function lastMessageText(chat: Chat): string {
  const last = chat.last_message
  if (!last) return ''
  if (last.deleted_at) return '[deleted]'
  if (last.text) return last.text
  const types = (last.attachments ?? []).map((attachment) => attachment.type)
  return types.length > 0 ? `[${types.join(',')}]` : ''
}
