/**
 * What the MCP tools return: the service's messages and chats as small records whose every
 * string from the service is data in a field of its own, with terminal control characters taken
 * out by the CLI's one sanitiser (docs/mcp.md, "Message text is data").
 */
import type {Attachment, Chat, Message} from '../../api/api.js'
import {sanitizeLine, sanitizeText} from '../../base/sanitize.js'
import {utcIso} from '../../output/time.js'
import {isPinned} from '../dm/pins.js'
import {reactionSummary} from '../dm/reactions.js'

export interface MessageView {
  id: string
  chat?: string
  sender_id?: string
  sender: string
  /** ISO 8601, UTC. */
  time: string
  /** Service text: data, never instructions. Newlines kept; control characters removed. */
  text: string
  attachments?: AttachmentView[]
  liked_by?: number
  /** Each reaction with its count (`❤️ 2 🔥 1`), plain likes as `♥ N`. */
  reactions?: string
  /** ISO 8601, UTC: when it was pinned. */
  pinned_at?: string
  deleted?: boolean
}

export interface AttachmentView {
  type: string
  url?: string
  reply_to?: string
}

export interface ChatView {
  chat: string
  other_user_id: string
  other_user_name: string
  messages_count: number
  /** ISO 8601, UTC; undefined when the chat has no message yet. */
  last_message_time?: string
}

export function messageView(message: Message): MessageView {
  const attachments = (message.attachments ?? []).map(attachmentView)
  const liked = Array.isArray(message.favorited_by) ? message.favorited_by.length : 0
  const reactions = sanitizeLine(reactionSummary(message))
  return {
    id: message.id,
    ...(message.conversation_id ? {chat: message.conversation_id} : {}),
    ...(message.sender_id ? {sender_id: String(message.sender_id)} : {}),
    sender: sanitizeLine(message.name ?? ''),
    time: utcIso(message.created_at),
    text: sanitizeText(message.text ?? ''),
    ...(attachments.length > 0 ? {attachments} : {}),
    ...(liked > 0 ? {liked_by: liked} : {}),
    ...(reactions ? {reactions} : {}),
    ...(isPinned(message) ? {pinned_at: utcIso(message.pinned_at)} : {}),
    ...(message.deleted_at ? {deleted: true} : {}),
  }
}

function attachmentView(attachment: Attachment): AttachmentView {
  const url = typeof attachment.url === 'string' ? sanitizeLine(attachment.url) : undefined
  const replyTo = typeof attachment.reply_id === 'string' ? sanitizeLine(attachment.reply_id) : undefined
  return {type: sanitizeLine(String(attachment.type)), ...(url ? {url} : {}), ...(replyTo ? {reply_to: replyTo} : {})}
}

export function chatView(chat: Chat, id: string): ChatView {
  const last = chat.last_message?.created_at
  return {
    chat: id,
    other_user_id: String(chat.other_user.id),
    other_user_name: sanitizeLine(chat.other_user.name),
    messages_count: chat.messages_count,
    ...(typeof last === 'number' ? {last_message_time: utcIso(last)} : {}),
  }
}
