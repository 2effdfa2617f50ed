/**
 * The service's rules over the store, once: what each endpoint answers, as a status and a value.
 * The HTTP server (server.ts) puts these on the wire with the envelope and quirks of the real
 * service, for tests over HTTP and in-process (wire.ts) alike. (docs/service.md)
 */
import {isNumericId} from './ids.js'
import type {Attachment, Chat, DirectMessage, ReadReceipt, SandboxStore} from './store.js'

/** What an endpoint answers: a status and, for a success, the data; for a failure, what it says. */
export type Outcome<T> = {status: number; data: T} | {status: number; data?: undefined; error: string}

export interface MessagesQuery {
  otherUserId: string | undefined
  beforeId?: string
  sinceId?: string
  afterId?: string
  /** As asked; the service clamps it to 1..100 (default 20). */
  limit?: number
  /** Serve this page short (half the limit), as the service sometimes does, skipping nothing. */
  short?: boolean
}

export interface MessagesAnswer {
  count: number
  direct_messages: DirectMessage[]
  read_receipt?: ReadReceipt
}

const MAX_TEXT_LENGTH = 1000
const MAX_PER_PAGE = 100

/** GET /users/me */
export function profile(store: SandboxStore): Record<string, unknown> {
  const {me} = store
  return {
    id: me.id,
    user_id: me.id,
    name: me.name,
    email: me.email,
    phone_number: me.phone_number,
    image_url: me.avatar_url,
    created_at: me.created_at,
    updated_at: me.created_at,
    sms: false,
    locale: 'en',
  }
}

/** GET /chats: per_page above 100 is not honoured (docs/service.md, Chats). */
export function chatPage(store: SandboxStore, page: number | undefined, perPage: number | undefined): Chat[] {
  const from = Math.max(1, page ?? 1)
  const size = clamp(perPage ?? 20, 1, MAX_PER_PAGE)
  return store.chats().slice((from - 1) * size, from * size)
}

/** GET /chats/:id */
export function showChat(store: SandboxStore, ref: string): Outcome<Chat> {
  const chat = store.chat(ref)
  return chat ? {status: 200, data: chat} : failure(404, 'chat not found')
}

/** GET /direct_messages: "nothing found" is a 304 with no body (docs/service.md, Envelope). */
export function messagePage(store: SandboxStore, query: MessagesQuery): Outcome<MessagesAnswer | undefined> {
  const {otherUserId, beforeId, sinceId, afterId} = query
  if (!otherUserId) return failure(400, 'other_user_id is required')
  if (![beforeId, sinceId, afterId].every((id) => id === undefined || isNumericId(id))) return failure(400, 'message ids must be numeric')
  if (otherUserId === store.me.id || !store.users.has(otherUserId)) return failure(404, 'user not found')
  let limit = clamp(query.limit ?? 20, 1, MAX_PER_PAGE)
  if (query.short) limit = Math.max(1, Math.floor(limit / 2))
  const conversation = store.conversation(otherUserId)
  const page = conversation ? store.page(conversation, {beforeId, sinceId, afterId, limit}) : []
  if (!conversation || page.length === 0) return {status: 304, data: undefined}
  const {readReceipt} = conversation
  return {status: 200, data: {count: conversation.messages.length, direct_messages: page, ...(readReceipt && {read_receipt: readReceipt})}}
}

/** POST /direct_messages: a source_guid used in the last minute is a 409 (docs/service.md, Sending). */
export function sendMessage(store: SandboxStore, body: unknown): Outcome<DirectMessage> {
  const fields = isRecord(body) ? body.direct_message : undefined
  if (!isRecord(fields)) return failure(400, 'direct_message is required')
  const {source_guid: sourceGuid, recipient_id: recipient, text, attachments = []} = fields
  if (typeof sourceGuid !== 'string' || sourceGuid === '') return failure(400, 'source_guid is required')
  if (typeof recipient !== 'string' && typeof recipient !== 'number') return failure(400, 'recipient_id is required')
  if (text !== undefined && text !== null && typeof text !== 'string') return failure(400, 'text must be a string')
  if (!Array.isArray(attachments) || !attachments.every(isAttachment)) return failure(400, 'attachments must be a list')
  const hasText = typeof text === 'string' && text.trim() !== ''
  if (!hasText && attachments.length === 0) return failure(400, 'text or attachments required')
  if (typeof text === 'string' && [...text].length > MAX_TEXT_LENGTH) return failure(400, 'text is too long')
  const recipientId = String(recipient)
  if (recipientId === store.me.id) return failure(400, 'you cannot message yourself')
  if (!store.users.has(recipientId)) return failure(404, 'recipient not found')
  // The refusal's status is unconfirmed (docs/actions.md, Blocks).
  if (store.blocked(store.me.id, recipientId)) return failure(403, 'you cannot message this user')
  const message = store.send(recipientId, sourceGuid, text ?? null, attachments)
  return message ? {status: 201, data: message} : failure(409, 'source_guid already used')
}

/** DELETE /conversations/:id/messages/:id: only the sender's own, by the sorted compound id (docs/service.md, Deleting). */
export function deleteMessage(store: SandboxStore, conversationId: string, messageId: string): Outcome<null> {
  const conversation = store.conversation(conversationId)
  if (!conversation || conversation.id !== conversationId) return failure(404, 'conversation not found')
  const message = store.findMessage(conversation, messageId)
  if (!message || message.deleted_at !== undefined) return failure(404, 'message not found')
  if (message.sender_id !== store.me.id) return failure(403, 'you can only delete your own messages')
  store.deleteMessage(message)
  return {status: 204, data: null}
}

/** POST /read_receipts */
export function markRead(store: SandboxStore, body: unknown): Outcome<ReadReceipt> {
  if (body === undefined) return failure(400, 'invalid JSON')
  const fields = isRecord(body) ? body.read_receipt : undefined
  if (!isRecord(fields) || typeof fields.chat_id !== 'string' || typeof fields.message_id !== 'string') {
    return failure(400, 'read_receipt.chat_id and read_receipt.message_id are required')
  }

  const conversation = store.conversation(fields.chat_id)
  const receipt = conversation && store.markRead(conversation, fields.message_id)
  return receipt ? {status: 200, data: receipt} : failure(404, 'not found')
}

/** POST /pictures on the image service. */
export function uploadImage(store: SandboxStore, bytes: Buffer, contentType: string | undefined): Outcome<string> {
  if (bytes.length === 0) return failure(400, 'empty image')
  return {status: 200, data: store.storeImage(bytes, contentType ?? 'application/octet-stream').url}
}

export function failure(status: number, error: string): {status: number; error: string} {
  return {status, error}
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isAttachment(value: unknown): value is Attachment {
  return isRecord(value) && typeof value.type === 'string'
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high)
}
