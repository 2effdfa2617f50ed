import {STATUS_CODES} from 'node:http'
import {readFile, rename, writeFile} from 'node:fs/promises'
/**
 * The sandbox's service in-process: GroupMeApi answered from a SandboxStore by the same rules as
 * the HTTP sandbox (service.ts), with no socket, no retries and no rate limit. For tests of the
 * CLI's logic (paging, tail, purge, export) that need a service but not HTTP.
 */
import type {Chat, DeleteOutcome, GroupMeApi, Message, MessagePage, MessageQuery, OutgoingMessage, RawAnswer, RawRequest, ReadReceipt, SendOutcome, User} from '../api/api.js'
import {AuthError, CliError, ConflictError, ForbiddenError, NetworkError, NotFoundError, RateLimitError, ServerError, UsageError} from '../base/errors.js'
import {FaultInjector, type FaultSpec} from './faults.js'
import {conversationId} from './ids.js'
import {answerInProcess} from './server.js'
import * as service from './service.js'
import type {DirectMessage, SandboxStore} from './store.js'

export interface SandboxApiOptions {
  /**
   * Change a page of messages before it is answered, as a service might misbehave: cut it short,
   * answer nothing, repeat the cursor message, shuffle it. `index` counts listMessages calls from 0.
   */
  reshapePage?: (page: DirectMessage[], call: {index: number; query: MessageQuery}) => DirectMessage[]
}

export class SandboxApi implements GroupMeApi {
  /** Every listMessages query, in order. */
  readonly queries: MessageQuery[] = []
  /** What each listMessages call answered, in order. */
  readonly answers: Message[][] = []

  private readonly faults = new FaultInjector()

  constructor(
    readonly store: SandboxStore,
    private readonly options: SandboxApiOptions = {},
  ) {}

  /**
   * Queue a fault, matched on the method and the HTTP sandbox's path for the call (e.g. DELETE
   * /v3/conversations/1+2/messages/3): a status is thrown as the CLI's error for it; a reset is a
   * network error before the work; drop-after-commit is one after it.
   */
  inject(fault: FaultSpec): void {
    this.faults.inject(fault)
  }

  async currentUser(): Promise<User> {
    const {id, name, ...rest} = await this.call('GET', '/v3/users/me', () => service.profile(this.store))
    return {...rest, id: String(id), name: String(name)}
  }

  async listChats(page: number, perPage: number): Promise<Chat[]> {
    return copy<Chat[]>(await this.call('GET', '/v3/chats', () => service.chatPage(this.store, page, perPage)))
  }

  async showChat(chatId: string): Promise<Chat> {
    return copy<Chat>(answer(await this.call('GET', `/v3/chats/${chatId}`, () => service.showChat(this.store, chatId)), `GET /chats/${chatId}`))
  }

  async listMessages(query: MessageQuery): Promise<MessagePage> {
    const index = this.queries.length
    this.queries.push({...query})
    const page = answer(await this.call('GET', '/v3/direct_messages', () => service.messagePage(this.store, query)), 'GET /direct_messages')
    const messages = this.options.reshapePage ? this.options.reshapePage(page?.direct_messages ?? [], {index, query}) : (page?.direct_messages ?? [])
    const sent = copy<Message[]>(messages)
    this.answers.push(sent)
    return {...(page && {count: page.count}), ...(page?.read_receipt && {read_receipt: copy<ReadReceipt>(page.read_receipt)}), direct_messages: sent}
  }

  async sendMessage(message: OutgoingMessage): Promise<SendOutcome> {
    const outcome = await this.call('POST', '/v3/direct_messages', () => service.sendMessage(this.store, {direct_message: message}))
    // With no retries, a 409 can only mean the guid was used before.
    if (outcome.status === 409) return {kind: 'duplicate'}
    return {kind: 'sent', message: copy<Message>(answer(outcome, 'POST /direct_messages'))}
  }

  async deleteMessage(conversation: string, messageId: string): Promise<DeleteOutcome> {
    const path = `/v3/conversations/${conversation}/messages/${messageId}`
    answer(await this.call('DELETE', path, () => service.deleteMessage(this.store, conversation, messageId)), `DELETE ${path}`)
    return {kind: 'deleted'}
  }

  async sendReadReceipt(chatId: string, messageId: string): Promise<ReadReceipt> {
    const receipt = {read_receipt: {chat_id: chatId, message_id: messageId}}
    return copy<ReadReceipt>(answer(await this.call('POST', '/v2/read_receipts', () => service.markRead(this.store, receipt)), 'POST /read_receipts'))
  }

  async uploadImageFile(path: string, contentType: string): Promise<string> {
    const bytes = await readFile(path)
    return answer(await this.call('POST', '/image/pictures', () => service.uploadImage(this.store, bytes, contentType)), 'POST /pictures')
  }

  async saveDownload(url: string, partial: string, name: (contentType: string | undefined) => string): Promise<{path: string; bytes: number}> {
    const image = [...this.store.images.values()].find((stored) => stored.url === url)
    if (!image) throw new NotFoundError(`GET ${url}: 404 not found`, {status: 404})
    const path = name(image.contentType)
    await writeFile(partial, image.bytes)
    await rename(partial, path)
    return {path, bytes: image.bytes.length}
  }

  /**
   * `groupme api` in-process: answered by the HTTP sandbox's routes, at the path the HTTP sandbox
   * would see (the real hosts' paths map to its /v3, /v2, /v4 and /image).
   */
  async rawRequest(request: RawRequest, broken?: (answer: RawAnswer) => string | undefined): Promise<RawAnswer> {
    const url = new URL(request.url)
    const path = sandboxPath(url)
    const what = `${request.method} ${path}`
    const reply = await this.call(request.method, path, () =>
      answerInProcess(this.store, {method: request.method, path, query: url.search.slice(1), headers: {}, body: request.body ?? Buffer.alloc(0)}),
    )
    const raw: RawAnswer = {status: reply.status, statusText: STATUS_CODES[reply.status] ?? '', httpVersion: '1.1', headers: reply.headers, body: reply.body}
    if (reply.status >= 300 && reply.status !== 304) answer({status: reply.status, error: errorsOf(reply.body)}, what)
    const reason = broken?.(raw)
    if (reason !== undefined) throw new ServerError(`${what}: the service sent a broken answer to a ${reply.status} (${reason})`, {status: reply.status})
    return raw
  }

  async conversationWith(otherUserId: string): Promise<string> {
    return conversationId(this.store.me.id, otherUserId)
  }

  /** Do `work` as the endpoint at `method path` would, with any fault queued for it. */
  private async call<T>(method: string, path: string, work: () => T): Promise<T> {
    const fault = this.faults.take(method, path)
    const what = `${method} ${path}`
    if (fault?.kind === 'status') answer({status: fault.status, error: fault.body ?? 'fault'}, what)
    if (fault?.kind === 'reset') throw new NetworkError(`${what}: the connection was reset`)
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms))
    const result = work()
    if (fault?.kind === 'drop-after-commit') throw new NetworkError(`${what}: the connection was lost after the request was carried out`)
    return result
  }
}

/** Where a URL of the real service or of the HTTP sandbox lands among the HTTP sandbox's routes. */
function sandboxPath(url: URL): string {
  if (url.hostname === 'v2.groupme.com') return `/v2${url.pathname}`
  if (url.hostname === 'image.groupme.com') return `/image${url.pathname}`
  if (url.hostname === 'file.groupme.com') return `/file${url.pathname}`
  return url.pathname
}

/** The reasons in one of the sandbox's own error envelopes. */
function errorsOf(body: Buffer): string {
  try {
    const errors = (JSON.parse(body.toString('utf8')) as {meta?: {errors?: unknown}}).meta?.errors
    return Array.isArray(errors) ? errors.join('; ') : ''
  } catch {
    return ''
  }
}

/** The data of a success; a failure as the CLI's error for its status, as the HTTP client throws it. */
function answer<T>(outcome: service.Outcome<T>, what: string): T {
  if (!('error' in outcome)) return outcome.data
  const {status, error} = outcome
  const message = `${what}: ${status} ${error}`
  if (status === 401) throw new AuthError(message, {status})
  if (status === 403) throw new ForbiddenError(message, {status})
  if (status === 404) throw new NotFoundError(message, {status})
  if (status === 409) throw new ConflictError(message, {status})
  if (status === 429) throw new RateLimitError(message, {status})
  if (status >= 500) throw new ServerError(message, {status})
  if (status >= 400) throw new UsageError(message, {status})
  throw new CliError(message, {status})
}

/**
 * What the service sends, as the CLI reads it: a copy (a caller that changes it does not change
 * the store), typed as the CLI's view of the object, as a parsed HTTP body would be.
 */
function copy<T>(value: object): T {
  return structuredClone(value) as T
}
