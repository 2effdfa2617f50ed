/**
 * What the endpoints beyond the reference answer (docs/actions.md): likes and reactions, pins,
 * blocks, clearing a chat and the file service, by the same Outcome rules as service.ts.
 */
import {MAX_FILE_BYTES, type StoredFile} from './files.js'
import {conversationId, isNumericId} from './ids.js'
import {readLikeIcon, type Reaction} from './reactions.js'
import {failure, isRecord, type Outcome} from './service.js'
import type {Block, Conversation, DirectMessage, SandboxStore} from './store.js'

/** POST /messages/:conversation_id/:message_id/like|unlike, with an optional like_icon. */
export function likeMessage(store: SandboxStore, conversationId: string, messageId: string, like: boolean, body: unknown): Outcome<{reactions: Reaction[]}> {
  const found = findMessage(store, conversationId, messageId)
  if ('error' in found) return found
  const {message} = found.data
  if (like) {
    const read = readLikeIcon(body)
    if ('error' in read) return failure(400, read.error)
    store.react(message, store.me.id, read.icon)
  } else {
    store.unreact(message, store.me.id)
  }

  return {status: 200, data: {reactions: structuredClone(message.reactions ?? [])}}
}

/** POST /conversations/:id/messages/:id/pin|unpin: the bare 400 when it already is (or is not) pinned. */
export function pinMessage(store: SandboxStore, conversationId: string, messageId: string, pin: boolean): Outcome<null> {
  const found = findMessage(store, conversationId, messageId)
  if ('error' in found) return found
  const {conversation, message} = found.data
  if ((message.pinned_at !== null) === pin) return failure(400, 'bad request')
  if (pin) store.pin(conversation, message, store.me.id)
  else store.unpin(message)
  return {status: 200, data: null}
}

/** GET /pinned/direct_messages?other_user_id= */
export function pinnedMessages(store: SandboxStore, otherUserId: string | undefined): Outcome<{count: number; messages: DirectMessage[]}> {
  if (!otherUserId) return failure(400, 'other_user_id is required')
  const messages = store.messages(otherUserId).filter((message) => message.pinned_at !== null)
  return {status: 200, data: {count: messages.length, messages: [...messages].reverse()}}
}

/** GET /blocks?user=me */
export function listBlocks(store: SandboxStore, user: string | undefined): Outcome<{blocks: Block[]}> {
  if (user !== undefined && user !== store.me.id) return failure(403, 'you can only list your own blocks')
  return {status: 200, data: {blocks: store.blocks.filter((block) => block.user_id === store.me.id)}}
}

/** GET /blocks/between?user=me&otherUser= */
export function blockBetween(store: SandboxStore, user: string | undefined, other: string | undefined): Outcome<{between: boolean}> {
  if (user !== store.me.id) return failure(403, 'you can only ask about your own blocks')
  if (!other || !isNumericId(other)) return failure(400, 'otherUser is required')
  return {status: 200, data: {between: store.blocked(store.me.id, other)}}
}

/** POST /blocks (block) and DELETE /blocks (unblock), ?user=me&otherUser= */
export function changeBlock(store: SandboxStore, user: string | undefined, other: string | undefined, block: boolean): Outcome<{block: Block} | null> {
  if (user !== store.me.id) return failure(403, 'you can only change your own blocks')
  if (!other || !isNumericId(other)) return failure(400, 'otherUser is required')
  if (other === store.me.id) return failure(400, 'you cannot block yourself')
  if (!store.users.has(other)) return failure(404, 'user not found')
  if (!block) {
    store.unblock(store.me.id, other)
    return {status: 200, data: null}
  }

  return {status: 200, data: {block: store.block(store.me.id, other)}}
}

/** DELETE /chats/:id: the history is gone for me, and the chat leaves my list. */
export function clearChat(store: SandboxStore, chatId: string): Outcome<null> {
  const conversation = store.conversation(chatId)
  if (!conversation) return failure(404, 'chat not found')
  store.clearConversation(conversation)
  return {status: 204, data: null}
}

/** POST file/v1/:conversation_id/files?name=: the bytes are the body; 201 with the status URL. */
export function uploadFile(store: SandboxStore, conversationId: string, name: string | undefined, contentType: string | undefined, bytes: Buffer): Outcome<{status_url: string}> {
  if (!isMyConversationId(store, conversationId)) return failure(404, 'conversation not found')
  if (!name) return failure(400, 'name is required')
  if (bytes.length === 0) return failure(400, 'empty file')
  if (bytes.length > MAX_FILE_BYTES) return failure(413, 'files may be at most 50 MB')
  // Clients send application/json as the docs say, or the file's own type.
  const type = contentType && !contentType.startsWith('application/json') ? contentType : 'application/octet-stream'
  const job = store.files.upload(conversationId, name, type, bytes)
  return {status: 201, data: {status_url: `${store.baseUrl}/file/v1/${conversationId}/uploadStatus?job=${job}`}}
}

/** GET file/v1/:conversation_id/uploadStatus?job= */
export function uploadStatus(store: SandboxStore, conversationId: string, job: string | undefined): Outcome<{status: string; file_id?: string}> {
  const status = job ? store.files.status(conversationId, job) : undefined
  return status ? {status: 200, data: status} : failure(404, 'job not found')
}

/** POST file/v1/:conversation_id/fileData with {file_ids}: the known ones, described. */
export function fileData(store: SandboxStore, conversationId: string, body: unknown): Outcome<Array<{file_id: string; file_data: {file_name: string; file_size: number; mime_type: string}}>> {
  const ids = isRecord(body) ? body.file_ids : undefined
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) return failure(400, 'file_ids is required')
  const files = ids.map((id: string) => store.files.file(conversationId, id)).filter((file): file is StoredFile => file !== undefined)
  return {
    status: 200,
    data: files.map((file) => ({file_id: file.id, file_data: {file_name: file.name, file_size: file.bytes.length, mime_type: file.contentType}})),
  }
}

/** POST file/v1/:conversation_id/files/:file_id: the file itself. */
export function downloadFile(store: SandboxStore, conversationId: string, fileId: string): Outcome<StoredFile> {
  const file = store.files.file(conversationId, fileId)
  return file ? {status: 200, data: file} : failure(404, 'file not found')
}

function findMessage(store: SandboxStore, conversationId: string, messageId: string): Outcome<{conversation: Conversation; message: DirectMessage}> {
  const conversation = store.conversation(conversationId)
  const message = conversation && conversation.id === conversationId ? store.findMessage(conversation, messageId) : undefined
  if (!conversation || !message || message.deleted_at !== undefined) return failure(404, 'message not found')
  return {status: 200, data: {conversation, message}}
}

/** A compound id of mine with a known user, in numeric order; the chat need not exist yet. */
function isMyConversationId(store: SandboxStore, id: string): boolean {
  const other = id.split('+').find((part) => part !== store.me.id)
  return other !== undefined && store.users.has(other) && conversationId(store.me.id, other) === id
}
