import {NotFoundError, ServerError} from '../core/errors.js'
import {conversationId} from './ids.js'
import type {Endpoints} from './endpoints.js'
import {type HttpResult, Transport, type TransportOptions} from './transport.js'
import type {DeleteOutcome, GroupMeApi, MessageQuery, SendOutcome} from './api.js'
import type {Chat, Message, MessagePage, OutgoingMessage, ReadReceipt, User} from './types.js'

/** A fresh source_guid: one per logical send, reused by every retry of it. */
export async function newSourceGuid(): Promise<string> {
  const {nanoid} = await import('nanoid')
  return nanoid()
}

/** GroupMe's DM endpoints over HTTP, one method each, over the shared transport. */
export class GroupMeClient implements GroupMeApi {
  private readonly transport: Transport
  private me?: Promise<User>

  constructor(
    private readonly endpoints: Endpoints,
    options: TransportOptions,
  ) {
    this.transport = new Transport(options)
  }

  /** The authenticated user, fetched once per process. */
  currentUser(): Promise<User> {
    this.me ??= this.transport
      .request<User>({method: 'GET', url: `${this.endpoints.api}/users/me`})
      .then((result) => required(result, 'GET /users/me'))
    return this.me
  }

  async listChats(page: number, perPage: number): Promise<Chat[]> {
    const result = await this.transport.request<Chat[]>({
      method: 'GET',
      url: `${this.endpoints.api}/chats`,
      searchParams: {page, per_page: perPage},
    })
    return result.data ?? []
  }

  async showChat(chatId: string): Promise<Chat> {
    const result = await this.transport.request<Chat>({method: 'GET', url: `${this.endpoints.api}/chats/${chatId}`})
    return required(result, 'GET /chats/:id')
  }

  /** One page of messages, newest first as the service sends them; a 304 is an empty page. */
  async listMessages(query: MessageQuery): Promise<MessagePage> {
    const result = await this.transport.request<MessagePage>({
      method: 'GET',
      url: `${this.endpoints.api}/direct_messages`,
      searchParams: {
        other_user_id: query.otherUserId,
        before_id: query.beforeId,
        since_id: query.sinceId,
        after_id: query.afterId,
        limit: query.limit,
      },
    })
    const page = result.data
    return {...page, direct_messages: page?.direct_messages ?? []}
  }

  /**
   * Send once. The source_guid is fixed by the caller, so a retry is harmless: the service
   * answers a repeated guid with 409 (docs/service.md, Sending).
   */
  async sendMessage(message: OutgoingMessage): Promise<SendOutcome> {
    const result = await this.transport.request<{direct_message?: Message; message?: Message}>({
      method: 'POST',
      url: `${this.endpoints.api}/direct_messages`,
      json: {direct_message: message},
      idempotent: true,
      acceptStatuses: [409],
    })
    if (result.status === 409) return result.earlierAttemptMayHaveLanded ? {kind: 'delivered-earlier'} : {kind: 'duplicate'}
    const body = required(result, 'POST /direct_messages')
    // The real service answers under `direct_message`, the reference under `message`
    // (docs/service.md, Sending).
    const sent = body.direct_message ?? body.message
    if (!sent) throw new ServerError('POST /direct_messages: the answer holds no message')
    return {kind: 'sent', message: sent}
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
    const result = await this.transport.request<{read_receipt?: ReadReceipt} | ReadReceipt>({
      method: 'POST',
      url: `${this.endpoints.v2}/read_receipts`,
      json: {read_receipt: {message_id: messageId, chat_id: chatId}},
      // Marking the same message read twice changes nothing.
      idempotent: true,
    })
    const body = required(result, 'POST /read_receipts')
    // v2 may answer wrapped in the envelope or bare (docs/service.md, Envelope).
    return isWrapped(body) ? body.read_receipt : (body as ReadReceipt)
  }

  /** Upload image bytes to the image service; the answer is `{payload: {url}}`, no envelope. */
  async uploadImage(bytes: Buffer, contentType: string): Promise<string> {
    const result = await this.transport.request<{payload?: {url?: string}}>({
      method: 'POST',
      url: `${this.endpoints.image}/pictures`,
      body: bytes,
      contentType,
      // Uploading the same bytes twice only leaves an unused copy.
      idempotent: true,
    })
    const url = result.data?.payload?.url
    if (!url) throw new ServerError('POST /pictures: the image service answered without a URL')
    return url
  }

  /** The bytes behind an attachment's URL (no token is sent: these are public, signed URLs). */
  async download(url: string): Promise<{bytes: Buffer; contentType?: string}> {
    const result = await this.transport.request<Buffer>({method: 'GET', url, download: true})
    return {bytes: result.data ?? Buffer.alloc(0), contentType: result.contentType}
  }

  /** The compound id of the DM with `otherUserId`, sorted numerically. */
  async conversationWith(otherUserId: string): Promise<string> {
    const me = await this.currentUser()
    return conversationId(String(me.id), otherUserId)
  }
}

function required<T>(result: HttpResult<T>, what: string): T {
  if (result.data === undefined) throw new ServerError(`${what}: the service answered ${result.status} without data`)
  return result.data
}

function isWrapped(body: {read_receipt?: ReadReceipt} | ReadReceipt): body is {read_receipt: ReadReceipt} {
  return typeof body.read_receipt === 'object' && body.read_receipt !== null
}
