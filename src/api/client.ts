import {rename, rm, stat} from 'node:fs/promises'
import {NotFoundError, ServerError, UsageError} from '../base/errors.js'
import {sanitizeLine} from '../base/sanitize.js'
import {mebibytes} from '../base/size.js'
import {conversationId} from './ids.js'
import type {Endpoints} from './endpoints.js'
import * as shapes from './shapes.js'
import {BrokenAnswer, required} from './shapes.js'
import {FileService} from './file-service.js'
import {Transport, type TransportOptions} from './transport.js'
import type {DeleteOutcome, GroupMeApi, MessageQuery, RawAnswer, RawRequest, SendOutcome} from './api.js'
import type {Block, Chat, FileData, LikeIcon, Message, MessagePage, OutgoingMessage, ReadReceipt, UploadFile, User} from './types.js'

/**
 * The largest image the CLI saves (`dm export --media`, `archive sync --media`): a bigger download
 * is cut off and nothing is kept (docs/decisions/0021-size-caps-16-mib-per-api-answer-20-mib-per-image-sent-50.md).
 */
export const MAX_IMAGE_BYTES = 50 * 1024 * 1024

/**
 * The largest image the CLI uploads (`dm send --image`). The image service publishes no limit;
 * phone photos are a few MB, and a file far bigger is a mistake better refused before anything is
 * sent than after a long upload (docs/decisions/0027-image-is-checked-by-its-first-bytes-and-capped-at-20-mib.md).
 */
export const MAX_IMAGE_UPLOAD_BYTES = 20 * 1024 * 1024

/** Exit 2 before any request for an image over MAX_IMAGE_UPLOAD_BYTES; `shown` names it (sanitised). */
export function requireImageSize(shown: string, size: number): void {
  if (size > MAX_IMAGE_UPLOAD_BYTES) throw new UsageError(`--image: ${shown} is ${mebibytes(size)}; images of at most ${mebibytes(MAX_IMAGE_UPLOAD_BYTES)} are sent`)
}

/** A fresh source_guid: one per logical send, reused by every retry of it. */
export async function newSourceGuid(): Promise<string> {
  const {nanoid} = await import('nanoid')
  return nanoid()
}

/** GroupMe's DM endpoints over HTTP, one method each, over the shared transport. */
export class GroupMeClient implements GroupMeApi {
  private readonly transport: Transport
  private readonly files: FileService
  private me?: Promise<User>

  constructor(
    private readonly endpoints: Endpoints,
    options: TransportOptions,
  ) {
    this.transport = new Transport(options)
    this.files = new FileService(this.transport, endpoints.file, options.clock)
  }

  /** The authenticated user, fetched once per process. */
  currentUser(): Promise<User> {
    this.me ??= this.transport
      .request({method: 'GET', url: `${this.endpoints.api}/users/me`, expect: required(shapes.user)})
      .then((result) => result.data!)
    return this.me
  }

  async listChats(page: number, perPage: number): Promise<Chat[]> {
    const result = await this.transport.request({
      method: 'GET',
      url: `${this.endpoints.api}/chats`,
      searchParams: {page, per_page: perPage},
      // An empty page is `[]`: no body, `{}` or null is a broken answer, never the end of the list.
      expect: required(shapes.chatPage),
    })
    return result.data!
  }

  async showChat(chatId: string): Promise<Chat> {
    const result = await this.transport.request({
      method: 'GET',
      url: `${this.endpoints.api}/chats/${chatId}`,
      expect: required((data) => shapes.chat(data, 'the answer')),
    })
    return result.data!
  }

  /**
   * One page of messages, newest first as the service sends them. Only a 304 or a 200 whose
   * `direct_messages` is an empty array is an empty page; any other body without that array is a
   * broken answer, retried and then an error, never the end of history (docs/service.md, Messages).
   */
  async listMessages(query: MessageQuery): Promise<MessagePage> {
    const result = await this.transport.request({
      method: 'GET',
      url: `${this.endpoints.api}/direct_messages`,
      searchParams: {
        other_user_id: query.otherUserId,
        before_id: query.beforeId,
        since_id: query.sinceId,
        after_id: query.afterId,
        limit: query.limit,
      },
      expect: (data, status): MessagePage => {
        if (status === 304) return {direct_messages: []}
        if (data === undefined) throw new BrokenAnswer(`a ${status} without a body`)
        return shapes.messagePage(data)
      },
    })
    return result.data!
  }

  /**
   * Send once. The source_guid is fixed by the caller, so a retry is harmless: the service
   * answers a repeated guid with 409 (docs/service.md, Sending).
   */
  async sendMessage(message: OutgoingMessage): Promise<SendOutcome> {
    const result = await this.transport.request({
      method: 'POST',
      url: `${this.endpoints.api}/direct_messages`,
      json: {direct_message: message},
      idempotent: true,
      acceptStatuses: [409],
      // A broken answer is retried with the same guid: a 409 then says the first one arrived.
      expect: required(shapes.sentMessage),
    })
    if (result.status === 409) return result.earlierAttemptMayHaveLanded ? {kind: 'delivered-earlier'} : {kind: 'duplicate'}
    return {kind: 'sent', message: result.data!}
  }

  /** Delete a message; a 404 on a retry means our earlier attempt did it and the answer was lost. */
  async deleteMessage(conversation: string, messageId: string): Promise<DeleteOutcome> {
    const result = await this.transport.request({
      method: 'DELETE',
      url: `${this.endpoints.api}/conversations/${conversation}/messages/${messageId}`,
      acceptStatuses: [404],
    })
    if (result.status !== 404) return {kind: 'deleted'}
    if (result.earlierAttemptMayHaveLanded) return {kind: 'deleted-earlier'}
    throw new NotFoundError(
      `DELETE /conversations/${conversation}/messages/${messageId}: 404 (not found): no such message in this conversation, or it was already deleted`,
      {status: 404},
    )
  }

  async sendReadReceipt(chatId: string, messageId: string): Promise<ReadReceipt> {
    const result = await this.transport.request({
      method: 'POST',
      url: `${this.endpoints.v2}/read_receipts`,
      json: {read_receipt: {message_id: messageId, chat_id: chatId}},
      // Marking the same message read twice changes nothing.
      idempotent: true,
      expect: required(shapes.readReceipt),
    })
    return result.data!
  }

  /**
   * Upload an image file to the image service, streamed from disk: a file over
   * MAX_IMAGE_UPLOAD_BYTES is refused before anything is sent. The answer is `{payload: {url}}`, no
   * envelope.
   */
  async uploadImageFile(path: string, contentType: string): Promise<string> {
    const {size} = await stat(path)
    requireImageSize(sanitizeLine(path), size)

    const result = await this.transport.request({
      method: 'POST',
      url: `${this.endpoints.image}/pictures`,
      file: {path, size},
      contentType,
      // Uploading the same bytes twice only leaves an unused copy.
      idempotent: true,
      expect: required(shapes.pictureUrl),
    })
    return result.data!
  }

  /**
   * Save the file behind an attachment's URL, streamed to disk, at most MAX_IMAGE_BYTES. It is
   * written to `partial` and renamed to `name(contentType)` once whole: a cut download never looks
   * saved. No token is sent: these are public, signed URLs.
   */
  async saveDownload(url: string, partial: string, name: (contentType: string | undefined) => string): Promise<{path: string; bytes: number}> {
    return savedAs(partial, name, async () => {
      const result = await this.transport.request({method: 'GET', url, download: {to: partial, maxBytes: MAX_IMAGE_BYTES}})
      return {contentType: result.contentType, bytes: result.downloadedBytes ?? 0}
    })
  }

  /**
   * Any request to a GroupMe host, its answer as it came (`groupme api`): the token, rate limit,
   * retries and error messages are those of every other call. The caller checks the URL's host.
   */
  async rawRequest(request: RawRequest, broken?: (answer: RawAnswer) => string | undefined): Promise<RawAnswer> {
    const result = await this.transport.request({...request, raw: {broken}})
    if (!result.raw) throw new ServerError(`${request.method} ${new URL(request.url).pathname}: no answer`)
    return result.raw
  }

  /** The compound id of the DM with `otherUserId`, sorted numerically. */
  async conversationWith(otherUserId: string): Promise<string> {
    const me = await this.currentUser()
    return conversationId(String(me.id), otherUserId)
  }

  async react(conversation: string, messageId: string, icon?: LikeIcon): Promise<void> {
    await this.transport.request({
      method: 'POST',
      url: `${this.endpoints.api}/messages/${conversation}/${messageId}/like`,
      ...(icon && {json: {like_icon: icon}}),
      // The same like twice leaves one like.
      idempotent: true,
    })
  }

  async unreact(conversation: string, messageId: string): Promise<void> {
    await this.transport.request({method: 'POST', url: `${this.endpoints.api}/messages/${conversation}/${messageId}/unlike`, idempotent: true})
  }

  /**
   * Pin or unpin. The caller reads pinned_at first (docs/actions.md, Pins); a 400 to a retry means
   * our earlier attempt did it, a 400 to the first attempt is the service's refusal.
   */
  async setPinned(conversation: string, messageId: string, pinned: boolean): Promise<void> {
    const path = `/conversations/${conversation}/messages/${messageId}/${pinned ? 'pin' : 'unpin'}`
    const result = await this.transport.request({method: 'POST', url: `${this.endpoints.api}${path}`, idempotent: true, acceptStatuses: [400]})
    if (result.status === 400 && !result.earlierAttemptMayHaveLanded) {
      throw new UsageError(`POST ${path}: 400 (the service refused to ${pinned ? 'pin' : 'unpin'} the message)`, {status: 400})
    }
  }

  async listPins(otherUserId: string): Promise<Message[]> {
    const result = await this.transport.request({
      method: 'GET',
      url: `${this.endpoints.api}/pinned/direct_messages`,
      searchParams: {other_user_id: otherUserId},
      expect: required(shapes.pinnedMessages),
    })
    return result.data!
  }

  async listBlocks(): Promise<Block[]> {
    const me = await this.currentUser()
    const result = await this.transport.request({method: 'GET', url: `${this.endpoints.api}/blocks`, searchParams: {user: me.id}, expect: required(shapes.blocks)})
    return result.data!
  }

  async blockBetween(otherUserId: string): Promise<boolean> {
    const me = await this.currentUser()
    const result = await this.transport.request({
      method: 'GET',
      url: `${this.endpoints.api}/blocks/between`,
      searchParams: {user: me.id, otherUser: otherUserId},
      expect: required(shapes.between),
    })
    return result.data!
  }

  async setBlocked(otherUserId: string, blocked: boolean): Promise<void> {
    const me = await this.currentUser()
    // Blocking or unblocking twice leaves the same state.
    await this.transport.request({
      method: blocked ? 'POST' : 'DELETE',
      url: `${this.endpoints.api}/blocks`,
      searchParams: {user: me.id, otherUser: otherUserId},
      idempotent: true,
    })
  }

  /** Clear a chat; a 404 to a retry means our earlier attempt did it. */
  async deleteChat(chatId: string): Promise<void> {
    const result = await this.transport.request({method: 'DELETE', url: `${this.endpoints.api}/chats/${chatId}`, acceptStatuses: [404]})
    if (result.status === 404 && !result.earlierAttemptMayHaveLanded) {
      throw new NotFoundError(`DELETE /chats/${chatId}: 404 (not found): no such chat, or it was already deleted`, {status: 404})
    }
  }

  uploadFile(conversation: string, file: UploadFile): Promise<string> {
    return this.files.upload(conversation, file)
  }

  fileData(conversation: string, fileIds: string[]): Promise<FileData[]> {
    return this.files.fileData(conversation, fileIds)
  }

  saveFile(conversation: string, fileId: string, partial: string, name: (contentType: string | undefined) => string): Promise<{path: string; bytes: number}> {
    return savedAs(partial, name, () => this.files.download(conversation, fileId, partial))
  }
}

/** A download written to `partial` and renamed to `name(contentType)` once whole: a cut download never looks saved. */
async function savedAs(
  partial: string,
  name: (contentType: string | undefined) => string,
  download: () => Promise<{contentType?: string; bytes: number}>,
): Promise<{path: string; bytes: number}> {
  try {
    const {contentType, bytes} = await download()
    const path = name(contentType)
    await rename(partial, path)
    return {path, bytes}
  } finally {
    await rm(partial, {force: true})
  }
}
