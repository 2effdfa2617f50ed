import type {HttpRequest, RawAnswer} from './http.js'
import type {Block, Chat, FileData, LikeIcon, Message, MessagePage, OutgoingMessage, ReadReceipt, UploadFile, User} from './types.js'

export type {RawAnswer} from './http.js'
export type {Attachment, Block, Chat, ChatUser, FileData, LikeIcon, Message, MessagePage, OutgoingMessage, ReadReceipt, UploadFile, User} from './types.js'

/** One request for a page of messages, as the service takes it (docs/service.md, Messages). */
export interface MessageQuery {
  otherUserId: string
  beforeId?: string
  sinceId?: string
  afterId?: string
  limit?: number
}

export type SendOutcome =
  | {kind: 'sent'; message: Message}
  /** A 409 answered our own retry: an earlier attempt arrived, its answer was lost. */
  | {kind: 'delivered-earlier'}
  /** A 409 when no earlier attempt can have arrived: this source_guid was used before. */
  | {kind: 'duplicate'}

export type DeleteOutcome = {kind: 'deleted'} | {kind: 'deleted-earlier'}

/** A request of `groupme api`: method, URL (a GroupMe host, checked by the caller), headers and body. */
export type RawRequest = Pick<HttpRequest, 'method' | 'url' | 'headers' | 'body' | 'contentType'>

/**
 * GroupMe's DM API as the CLI uses it, one method an endpoint, implemented once: GroupMeClient
 * (client.ts) over the transport, whose wire is got in production and the sandbox in-process in
 * tests (http.ts, Wire). Errors are the CLI's own (src/base/errors.ts), with their exit codes.
 */
export interface GroupMeApi {
  /** The authenticated user, asked once. */
  currentUser(): Promise<User>
  listChats(page: number, perPage: number): Promise<Chat[]>
  showChat(chatId: string): Promise<Chat>
  /** One page of messages, newest first as the service sends them; nothing found is an empty page. */
  listMessages(query: MessageQuery): Promise<MessagePage>
  /** Send once: the caller fixes the source_guid, so a retry is harmless. */
  sendMessage(message: OutgoingMessage): Promise<SendOutcome>
  deleteMessage(conversation: string, messageId: string): Promise<DeleteOutcome>
  sendReadReceipt(chatId: string, messageId: string): Promise<ReadReceipt>
  /** Upload an image file, streamed from disk; the answer is the image's URL. */
  uploadImageFile(path: string, contentType: string): Promise<string>
  /**
   * Save the file behind an attachment's URL: written to `partial`, then renamed to
   * `name(contentType)` once whole, so a cut download never looks saved.
   */
  saveDownload(url: string, partial: string, name: (contentType: string | undefined) => string): Promise<{path: string; bytes: number}>
  /**
   * Any request, its answer as it came (`groupme api`); an error status is thrown as for every
   * other call. `broken` names what is wrong with a success answer (then retried like a 5xx).
   */
  rawRequest(request: RawRequest, broken?: (answer: RawAnswer) => string | undefined): Promise<RawAnswer>
  /** The compound id of the DM with `otherUserId`. */
  conversationWith(otherUserId: string): Promise<string>
  // Beyond the reference (docs/actions.md).
  /** Like a message, or react with `icon`; a second reaction replaces the first. */
  react(conversation: string, messageId: string, icon?: LikeIcon): Promise<void>
  /** Take my like or reaction away. */
  unreact(conversation: string, messageId: string): Promise<void>
  /** Pin or unpin; the service's bare 400 (already so) is the caller's to avoid by reading pinned_at first. */
  setPinned(conversation: string, messageId: string, pinned: boolean): Promise<void>
  /** The DM's pinned messages. */
  listPins(otherUserId: string): Promise<Message[]>
  /** The users I blocked. */
  listBlocks(): Promise<Block[]>
  /** Whether a block exists between me and `otherUserId`, either way. */
  blockBetween(otherUserId: string): Promise<boolean>
  setBlocked(otherUserId: string, blocked: boolean): Promise<void>
  /** Clear a chat's history for me and take it off my list; cannot be undone. */
  deleteChat(chatId: string): Promise<void>
  /**
   * Upload a file to the file service, streamed from disk, and poll its status until done, all
   * within one request deadline; the file's id.
   */
  uploadFile(conversation: string, file: UploadFile): Promise<string>
  fileData(conversation: string, fileIds: string[]): Promise<FileData[]>
  /** Save a file of the file service: written to `partial`, renamed to `name(contentType)` once whole. */
  saveFile(conversation: string, fileId: string, partial: string, name: (contentType: string | undefined) => string): Promise<{path: string; bytes: number}>
}
