import type {HttpRequest, RawAnswer} from './http.js'
import type {Chat, Message, MessagePage, OutgoingMessage, ReadReceipt, User} from './types.js'

export type {RawAnswer} from './http.js'
export type {Attachment, Chat, ChatUser, Message, MessagePage, OutgoingMessage, ReadReceipt, User} from './types.js'

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
}
