import {type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, STATUS_CODES} from 'node:http'

import type {BrokenShape, FaultInjector} from './faults.js'
import * as actions from './service-actions.js'
import * as service from './service.js'
import type {SandboxStore} from './store.js'

export interface RecordedRequest {
  method: string
  path: string
  query: string
  /** path + '?' + query, as received. */
  url: string
  headers: Record<string, string | string[] | undefined>
  body: Buffer
  /** Answered 429 by the sandbox's own rate limit (maxRequestsPerSecond). */
  rateLimited?: boolean
}

export interface ServerState {
  store: SandboxStore
  token: string
  faults: FaultInjector
  requests: RecordedRequest[]
  /** Every k-th page of GET /direct_messages comes back short; 0 = never. */
  shortPageEvery: number
  /** Every answer waits this long, like a real network (100–300 ms a request). */
  latencyMs?: number
  /** More requests than this in any one second get a 429, as the service does past about 10/s; 0 = no limit. */
  maxRequestsPerSecond?: number
  /** Answers held back by a `delay` fault, each a function that sends it now. */
  delayed: Set<() => void>
}

export interface Reply {
  status: number
  headers?: Record<string, string>
  body?: string | Buffer
}

interface Context {
  store: SandboxStore
  params: string[]
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: Buffer
  /** Counts a page of messages; true when this one is to be short. */
  shortPage: () => boolean
}

interface Route {
  method: string
  path: RegExp
  /** Served without the token, like a CDN URL. */
  public?: boolean
  handle: (context: Context) => Reply
}

const JSON_TYPE = {'content-type': 'application/json; charset=utf-8'}

const ROUTES: Route[] = [
  {method: 'GET', path: /^\/v3\/users\/me$/, handle: showMe},
  {method: 'GET', path: /^\/v3\/chats$/, handle: listChats},
  {method: 'GET', path: /^\/v3\/chats\/([^/]+)$/, handle: showChat},
  {method: 'GET', path: /^\/v3\/direct_messages$/, handle: indexMessages},
  {method: 'POST', path: /^\/v3\/direct_messages$/, handle: sendMessage},
  {method: 'DELETE', path: /^\/v3\/conversations\/([^/]+)\/messages\/([^/]+)$/, handle: deleteMessage},
  {method: 'POST', path: /^\/v2\/read_receipts$/, handle: sendReadReceipt},
  // Beyond the reference (docs/actions.md).
  {method: 'DELETE', path: /^\/v3\/chats\/([^/]+)$/, handle: clearChat},
  {method: 'POST', path: /^\/v3\/messages\/([^/]+)\/([^/]+)\/(like|unlike)$/, handle: likeMessage},
  {method: 'POST', path: /^\/v3\/conversations\/([^/]+)\/messages\/([^/]+)\/(pin|unpin)$/, handle: pinMessage},
  {method: 'GET', path: /^\/v3\/pinned\/direct_messages$/, handle: pinnedMessages},
  {method: 'GET', path: /^\/v3\/blocks$/, handle: listBlocks},
  {method: 'GET', path: /^\/v3\/blocks\/between$/, handle: blockBetween},
  {method: 'POST', path: /^\/v3\/blocks$/, handle: (context) => changeBlock(context, true)},
  {method: 'DELETE', path: /^\/v3\/blocks$/, handle: (context) => changeBlock(context, false)},
  {method: 'POST', path: /^\/v3\/blocks\/delete$/, handle: (context) => changeBlock(context, false)},
  // The file service (GROUPME_FILE_URL): bare JSON, no envelope.
  {method: 'POST', path: /^\/file\/v1\/([^/]+)\/files$/, handle: uploadFile},
  {method: 'GET', path: /^\/file\/v1\/([^/]+)\/uploadStatus$/, handle: uploadStatus},
  {method: 'POST', path: /^\/file\/v1\/([^/]+)\/fileData$/, handle: fileData},
  {method: 'POST', path: /^\/file\/v1\/([^/]+)\/files\/([^/]+)$/, handle: downloadFile},
  {method: 'POST', path: /^\/v4\/read_receipts\/([^/]+)$/, handle: sendReadReceiptV4},
  {method: 'POST', path: /^\/image\/pictures$/, handle: uploadImage},
  {method: 'GET', path: /^\/image\/files\/([^/]+)$/, public: true, handle: serveImage},
]

/**
 * What the sandbox does with one request, decided once for both ways in: the HTTP server below and
 * the in-process wire (wire.ts). `close` is a connection cut without an answer; the streamed and
 * held-back answers exist only over HTTP.
 */
export type Handling =
  | {kind: 'answer'; reply: Reply; latency: boolean}
  | {kind: 'close'}
  | {kind: 'delay'; reply: Reply; ms: number}
  | {kind: 'huge'; reply: Reply; bytes: number}
  | {kind: 'trickle'; reply: Reply; intervalMs: number}

/** A request as it arrived: the target split into its path and query. */
export interface ArrivedRequest {
  method: string
  /** path + '?' + query, as received. */
  url: string
  headers: IncomingHttpHeaders
  body: Buffer
}

/** Record the request, apply its sandbox rate limit and any fault, then decide the answer. */
export function createHandling(state: ServerState): (request: ArrivedRequest) => Handling {
  let pagesServed = 0
  const shortPage = (): boolean => state.shortPageEvery > 0 && ++pagesServed % state.shortPageEvery === 0

  const recent: number[] = []
  const overLimit = (now: number): boolean => {
    const limit = state.maxRequestsPerSecond ?? 0
    if (limit <= 0) return false
    while (recent.length > 0 && recent[0] <= now - 1000) recent.shift()
    if (recent.length >= limit) return true
    recent.push(now)
    return false
  }

  return ({method, url, headers, body}) => {
    const mark = url.indexOf('?')
    const path = mark === -1 ? url : url.slice(0, mark)
    const query = mark === -1 ? '' : url.slice(mark + 1)
    state.requests.push({method, path, query, url, headers: {...headers}, body})

    if (overLimit(Date.now())) {
      state.requests[state.requests.length - 1].rateLimited = true
      return {kind: 'answer', reply: {status: 429, headers: JSON_TYPE, body: JSON.stringify(envelopeError(429, 'rate limited'))}, latency: true}
    }

    const fault = state.faults.take(method, path)
    if (fault?.kind === 'reset') return {kind: 'close'}
    if (fault?.kind === 'status') {
      const faultBody = fault.body ?? JSON.stringify(envelopeError(fault.status, STATUS_CODES[fault.status] ?? 'fault'))
      return {kind: 'answer', reply: {status: fault.status, headers: {...JSON_TYPE, ...fault.headers}, body: faultBody}, latency: true}
    }

    if (fault?.kind === 'broken') return {kind: 'answer', reply: brokenReply(fault.shape, path), latency: false}

    // The token is read from the header only; a token in the query string is not accepted.
    const authorized = headers['x-access-token'] === state.token
    const reply = answer(state.store, {method, path, query, headers, body, shortPage}, authorized)
    switch (fault?.kind) {
      case 'drop-after-commit':
        return {kind: 'close'}
      case 'delay':
        return {kind: 'delay', reply, ms: fault.ms}
      case 'numeric-ids':
        return {kind: 'answer', reply: {...reply, body: reply.body === undefined ? undefined : bareIds(reply.body.toString())}, latency: false}
      case 'huge':
        return {kind: 'huge', reply, bytes: fault.bytes}
      case 'trickle':
        return {kind: 'trickle', reply, intervalMs: fault.intervalMs}
      default:
        return {kind: 'answer', reply, latency: true}
    }
  }
}

/** The sandbox over HTTP: each request as createHandling decides, with the latency asked for. */
export function createRequestHandler(state: ServerState): (request: IncomingMessage, response: ServerResponse) => void {
  const handle = createHandling(state)
  const latencyMs = state.latencyMs ?? 0
  const send = (response: ServerResponse, reply: Reply) => {
    if (latencyMs <= 0) return write(response, reply)
    const timer = setTimeout(() => write(response, reply), latencyMs)
    response.on('close', () => clearTimeout(timer))
  }

  return (request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const handling = handle({method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks)})
      switch (handling.kind) {
        case 'close':
          request.socket.destroy()
          return
        case 'answer':
          return handling.latency ? send(response, handling.reply) : write(response, handling.reply)
        case 'delay': {
          const release = () => {
            clearTimeout(timer)
            if (state.delayed.delete(release)) write(response, handling.reply)
          }
          const timer = setTimeout(release, handling.ms)
          state.delayed.add(release)
          response.on('close', () => {
            clearTimeout(timer)
            state.delayed.delete(release)
          })
          return
        }
        case 'huge':
          return streamHuge(response, handling.reply, handling.bytes)
        case 'trickle':
          return trickle(response, handling.reply, handling.intervalMs)
      }
    })
  }
}

/** A request as the routes see it. */
export interface SandboxRequest {
  method: string
  path: string
  query: string
  headers: IncomingHttpHeaders
  body: Buffer
}

function answer(store: SandboxStore, request: SandboxRequest & {shortPage: () => boolean}, authorized: boolean): Reply {
  const found = findRoute(request.method, request.path)
  if (!found?.route.public && !authorized) return error(401, 'unauthorized')
  if (!found) return error(404, 'not found')
  let params: string[]
  try {
    params = found.match.slice(1).map((param) => decodeURIComponent(param))
  } catch {
    return error(404, 'not found')
  }

  try {
    return found.route.handle({
      store,
      params,
      query: new URLSearchParams(request.query),
      headers: request.headers,
      body: request.body,
      shortPage: request.shortPage,
    })
  } catch (caught) {
    return error(500, caught instanceof Error ? caught.message : String(caught))
  }
}

function findRoute(method: string, path: string): {route: Route; match: RegExpExecArray} | undefined {
  for (const route of ROUTES) {
    const match = route.method === method ? route.path.exec(path) : null
    if (match) return {route, match}
  }

  return undefined
}

function showMe({store}: Context): Reply {
  return ok(200, service.profile(store))
}

function listChats({store, query}: Context): Reply {
  return ok(200, service.chatPage(store, intParam(query, 'page'), intParam(query, 'per_page')))
}

function showChat({store, params}: Context): Reply {
  return enveloped(service.showChat(store, params[0]))
}

function indexMessages({store, query, shortPage}: Context): Reply {
  const [beforeId, sinceId, afterId] = ['before_id', 'since_id', 'after_id'].map((name) => query.get(name) ?? undefined)
  const outcome = service.messagePage(store, {
    otherUserId: query.get('other_user_id') ?? undefined,
    beforeId,
    sinceId,
    afterId,
    limit: intParam(query, 'limit'),
    // Counted only for requests that get this far.
    get short() {
      return shortPage()
    },
  })
  // "Nothing found" is a 304 with an empty body (docs/service.md, Envelope).
  if (outcome.status === 304) return {status: 304}
  return enveloped(outcome)
}

function sendMessage({store, body}: Context): Reply {
  const outcome = service.sendMessage(store, parseJson(body))
  // The real answer nests the message under `direct_message` (docs/service.md, Sending).
  return 'error' in outcome ? error(outcome.status, outcome.error) : ok(outcome.status, {direct_message: outcome.data})
}

function deleteMessage({store, params}: Context): Reply {
  const outcome = service.deleteMessage(store, params[0], params[1])
  return 'error' in outcome ? error(outcome.status, outcome.error) : {status: 204}
}

function sendReadReceipt({store, body}: Context): Reply {
  const outcome = service.markRead(store, parseJson(body))
  // Bare body, no envelope (docs/service.md, Envelope).
  return 'error' in outcome ? error(outcome.status, outcome.error) : json(200, {read_receipt: outcome.data})
}

function clearChat({store, params}: Context): Reply {
  const outcome = actions.clearChat(store, params[0])
  return 'error' in outcome ? error(outcome.status, outcome.error) : {status: 204}
}

function likeMessage({store, params, body}: Context): Reply {
  const [conversationId, messageId, action] = params
  return enveloped(actions.likeMessage(store, conversationId, messageId, action === 'like', parseJson(body)))
}

function pinMessage({store, params}: Context): Reply {
  const [conversationId, messageId, action] = params
  return enveloped(actions.pinMessage(store, conversationId, messageId, action === 'pin'))
}

function pinnedMessages({store, query}: Context): Reply {
  return enveloped(actions.pinnedMessages(store, query.get('other_user_id') ?? undefined))
}

function listBlocks({store, query}: Context): Reply {
  return enveloped(actions.listBlocks(store, query.get('user') ?? undefined))
}

function blockBetween({store, query}: Context): Reply {
  return enveloped(actions.blockBetween(store, query.get('user') ?? undefined, query.get('otherUser') ?? undefined))
}

function changeBlock({store, query}: Context, block: boolean): Reply {
  return enveloped(actions.changeBlock(store, query.get('user') ?? undefined, query.get('otherUser') ?? undefined, block))
}

function uploadFile({store, params, query, headers, body}: Context): Reply {
  const outcome = actions.uploadFile(store, params[0], query.get('name') ?? undefined, headers['content-type'], body)
  return 'error' in outcome ? error(outcome.status, outcome.error) : json(outcome.status, outcome.data)
}

function uploadStatus({store, params, query}: Context): Reply {
  const outcome = actions.uploadStatus(store, params[0], query.get('job') ?? undefined)
  return 'error' in outcome ? error(outcome.status, outcome.error) : json(outcome.status, outcome.data)
}

function fileData({store, params, body}: Context): Reply {
  const outcome = actions.fileData(store, params[0], parseJson(body))
  return 'error' in outcome ? error(outcome.status, outcome.error) : json(outcome.status, outcome.data)
}

function downloadFile({store, params}: Context): Reply {
  const outcome = actions.downloadFile(store, params[0], params[1])
  if ('error' in outcome) return error(outcome.status, outcome.error)
  const file = outcome.data
  return {status: 200, headers: {'content-type': file.contentType, 'content-disposition': `attachment; filename="${encodeURIComponent(file.name)}"`}, body: file.bytes}
}

/** v4 read receipts answer 202 with the conversation's last read message (observed traffic). */
function sendReadReceiptV4({store, params, body}: Context): Reply {
  const fields = parseJson(body)
  const messageId = typeof fields === 'object' && fields !== null ? (fields as Record<string, unknown>).message_id : undefined
  if (typeof messageId !== 'string') return error(400, 'message_id is required')
  const conversation = store.conversation(params[0])
  const receipt = conversation && conversation.id === params[0] ? store.markRead(conversation, messageId) : undefined
  if (!receipt) return error(404, 'not found')
  return ok(202, {conversation_id: receipt.chat_id, last_read_message_id: receipt.message_id, status: 'accepted'})
}

function uploadImage({store, headers, body}: Context): Reply {
  const outcome = service.uploadImage(store, body, headers['content-type'])
  return 'error' in outcome ? error(outcome.status, outcome.error) : json(200, {payload: {url: outcome.data, picture_url: outcome.data}})
}

function serveImage({store, params}: Context): Reply {
  const image = store.images.get(params[0])
  if (!image) return error(404, 'not found')
  return {status: 200, headers: {'content-type': image.contentType}, body: image.bytes}
}

function brokenReply(shape: BrokenShape, path: string): Reply {
  switch (shape) {
    case 'empty-body':
      return {status: 200, headers: JSON_TYPE, body: ''}
    case 'empty-object':
      return json(200, {})
    case 'null-response':
      return ok(200, null)
    case 'not-array':
      return ok(200, path.endsWith('/direct_messages') ? {count: 1, direct_messages: {}} : {})
    case 'no-content':
      return {status: 204}
  }
}

/** `"id":"174700000000000123"` becomes `"id":174700000000000123`, for every `id` and `*_id` field. */
function bareIds(body: string): string {
  return body.replaceAll(/"(id|\w+_id)":"(\d+)"/g, '"$1":$2')
}

/** The answer after `bytes` of whitespace, 64 KiB a write, waiting for the socket: memory stays small on both sides. */
function streamHuge(response: ServerResponse, reply: Reply, bytes: number): void {
  const chunk = Buffer.alloc(64 * 1024, ' ')
  let left = bytes
  response.writeHead(reply.status, reply.headers)
  const pump = (): void => {
    while (left > 0 && !response.destroyed) {
      const piece = left >= chunk.length ? chunk : chunk.subarray(0, left)
      left -= piece.length
      if (!response.write(piece)) return void response.once('drain', pump)
    }

    if (!response.destroyed) response.end(reply.body)
  }

  pump()
}

/** The answer one byte at a time. */
function trickle(response: ServerResponse, reply: Reply, intervalMs: number): void {
  const body = Buffer.from(reply.body ?? '')
  let sent = 0
  response.writeHead(reply.status, reply.headers)
  const timer = setInterval(() => {
    if (response.destroyed || sent >= body.length) {
      clearInterval(timer)
      if (!response.destroyed) response.end()
      return
    }

    response.write(body.subarray(sent, ++sent))
  }, intervalMs)
  response.on('close', () => clearInterval(timer))
}

function write(response: ServerResponse, reply: Reply): void {
  response.writeHead(reply.status, reply.headers)
  response.end(reply.body)
}

function enveloped(outcome: service.Outcome<unknown>): Reply {
  return 'error' in outcome ? error(outcome.status, outcome.error) : ok(outcome.status, outcome.data)
}

function json(status: number, value: unknown): Reply {
  return {status, headers: JSON_TYPE, body: JSON.stringify(value)}
}

function ok(status: number, response: unknown): Reply {
  return json(status, {response, meta: {code: status}})
}

function error(status: number, message: string): Reply {
  return json(status, envelopeError(status, message))
}

function envelopeError(status: number, message: string): {response: null; meta: {code: number; errors: string[]}} {
  return {response: null, meta: {code: status, errors: [message]}}
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown
  } catch {
    return undefined
  }
}

/** A whole-number query parameter; undefined when missing or not a number. */
function intParam(query: URLSearchParams, name: string): number | undefined {
  const value = Number.parseInt(query.get(name) ?? '', 10)
  return Number.isNaN(value) ? undefined : value
}
