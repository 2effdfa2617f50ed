import {type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, STATUS_CODES} from 'node:http'

import {isNumericId} from '../api/ids.js'
import type {FaultInjector} from './faults.js'
import type {Attachment, SandboxStore} from './store.js'

export interface RecordedRequest {
  method: string
  path: string
  query: string
  /** path + '?' + query, as received. */
  url: string
  headers: Record<string, string | string[] | undefined>
  body: Buffer
  at: number
}

export interface ServerState {
  store: SandboxStore
  token: string
  faults: FaultInjector
  requests: RecordedRequest[]
  /** Every k-th page of GET /direct_messages comes back short; 0 = never. */
  shortPageEvery: number
}

interface Reply {
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
const MAX_TEXT_LENGTH = 1000

const ROUTES: Route[] = [
  {method: 'GET', path: /^\/v3\/users\/me$/, handle: showMe},
  {method: 'GET', path: /^\/v3\/chats$/, handle: listChats},
  {method: 'GET', path: /^\/v3\/chats\/([^/]+)$/, handle: showChat},
  {method: 'GET', path: /^\/v3\/direct_messages$/, handle: indexMessages},
  {method: 'POST', path: /^\/v3\/direct_messages$/, handle: sendMessage},
  {method: 'DELETE', path: /^\/v3\/conversations\/([^/]+)\/messages\/([^/]+)$/, handle: deleteMessage},
  {method: 'POST', path: /^\/v2\/read_receipts$/, handle: sendReadReceipt},
  {method: 'POST', path: /^\/image\/pictures$/, handle: uploadImage},
  {method: 'GET', path: /^\/image\/files\/([^/]+)$/, public: true, handle: serveImage},
]

/** Record the request, apply any fault, then answer. */
export function createRequestHandler(state: ServerState): (request: IncomingMessage, response: ServerResponse) => void {
  let pagesServed = 0
  const shortPage = (): boolean => state.shortPageEvery > 0 && ++pagesServed % state.shortPageEvery === 0

  return (request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const url = request.url ?? '/'
      const mark = url.indexOf('?')
      const path = mark === -1 ? url : url.slice(0, mark)
      const query = mark === -1 ? '' : url.slice(mark + 1)
      const method = request.method ?? 'GET'
      const body = Buffer.concat(chunks)
      state.requests.push({method, path, query, url, headers: {...request.headers}, body, at: Date.now()})

      const fault = state.faults.take(method, path)
      if (fault?.kind === 'reset') {
        request.socket.destroy()
        return
      }

      if (fault?.kind === 'status') {
        const faultBody = fault.body ?? JSON.stringify(envelopeError(fault.status, STATUS_CODES[fault.status] ?? 'fault'))
        write(response, {status: fault.status, headers: {...JSON_TYPE, ...fault.headers}, body: faultBody})
        return
      }

      const reply = answer(state, {method, path, query, headers: request.headers, body, shortPage})
      if (fault?.kind === 'drop-after-commit') {
        request.socket.destroy()
      } else if (fault?.kind === 'delay') {
        const timer = setTimeout(() => write(response, reply), fault.ms)
        response.on('close', () => clearTimeout(timer))
      } else {
        write(response, reply)
      }
    })
  }
}

function answer(
  state: ServerState,
  request: {method: string; path: string; query: string; headers: IncomingHttpHeaders; body: Buffer; shortPage: () => boolean},
): Reply {
  const found = findRoute(request.method, request.path)
  // The token is read from the header only; a token in the query string is not accepted.
  if (!found?.route.public && request.headers['x-access-token'] !== state.token) return error(401, 'unauthorized')
  if (!found) return error(404, 'not found')
  let params: string[]
  try {
    params = found.match.slice(1).map((param) => decodeURIComponent(param))
  } catch {
    return error(404, 'not found')
  }

  try {
    return found.route.handle({
      store: state.store,
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
  const {me} = store
  return ok(200, {
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
  })
}

function listChats({store, query}: Context): Reply {
  const page = Math.max(1, intParam(query, 'page', 1))
  // per_page above 100 is not honoured (NOTES.md, Chats).
  const perPage = clamp(intParam(query, 'per_page', 20), 1, 100)
  return ok(200, store.chats().slice((page - 1) * perPage, page * perPage))
}

function showChat({store, params}: Context): Reply {
  const chat = store.chat(params[0])
  return chat ? ok(200, chat) : error(404, 'chat not found')
}

function indexMessages({store, query, shortPage}: Context): Reply {
  const otherUserId = query.get('other_user_id')
  if (!otherUserId) return error(400, 'other_user_id is required')
  const [beforeId, sinceId, afterId] = ['before_id', 'since_id', 'after_id'].map((name) => query.get(name) ?? undefined)
  if (![beforeId, sinceId, afterId].every((id) => id === undefined || isNumericId(id))) {
    return error(400, 'message ids must be numeric')
  }

  if (otherUserId === store.me.id || !store.users.has(otherUserId)) return error(404, 'user not found')
  let limit = clamp(intParam(query, 'limit', 20), 1, 100)
  if (shortPage()) limit = Math.max(1, Math.floor(limit / 2))
  const conversation = store.conversation(otherUserId)
  const page = conversation ? store.page(conversation, {beforeId, sinceId, afterId, limit}) : []
  // "Nothing found" is a 304 with an empty body (NOTES.md, Envelope).
  if (!conversation || page.length === 0) return {status: 304}
  const {readReceipt} = conversation
  return ok(200, {
    count: conversation.messages.length,
    direct_messages: page,
    ...(readReceipt && {read_receipt: readReceipt}),
  })
}

function sendMessage({store, body}: Context): Reply {
  const fields = parseJson(body)?.direct_message
  if (!isRecord(fields)) return error(400, 'direct_message is required')
  const {source_guid: sourceGuid, recipient_id: recipient, text, attachments = []} = fields
  if (typeof sourceGuid !== 'string' || sourceGuid === '') return error(400, 'source_guid is required')
  if (typeof recipient !== 'string' && typeof recipient !== 'number') return error(400, 'recipient_id is required')
  if (text !== undefined && text !== null && typeof text !== 'string') return error(400, 'text must be a string')
  if (!Array.isArray(attachments) || !attachments.every(isAttachment)) return error(400, 'attachments must be a list')
  const hasText = typeof text === 'string' && text.trim() !== ''
  if (!hasText && attachments.length === 0) return error(400, 'text or attachments required')
  if (typeof text === 'string' && [...text].length > MAX_TEXT_LENGTH) return error(400, 'text is too long')
  const recipientId = String(recipient)
  if (recipientId === store.me.id) return error(400, 'you cannot message yourself')
  if (!store.users.has(recipientId)) return error(404, 'recipient not found')

  const message = store.send(recipientId, sourceGuid, text ?? null, attachments)
  // The real answer nests the message under `direct_message` (NOTES.md, Sending).
  return message ? ok(201, {direct_message: message}) : error(409, 'source_guid already used')
}

function deleteMessage({store, params}: Context): Reply {
  const [conversationId, messageId] = params
  const conversation = store.conversation(conversationId)
  // Only the numerically sorted compound id names a DM (NOTES.md, Deleting).
  if (!conversation || conversation.id !== conversationId) return error(404, 'conversation not found')
  const message = store.findMessage(conversation, messageId)
  if (!message || message.deleted_at !== undefined) return error(404, 'message not found')
  if (message.sender_id !== store.me.id) return error(403, 'you can only delete your own messages')
  store.deleteMessage(message)
  return {status: 204}
}

function sendReadReceipt({store, body}: Context): Reply {
  const parsed = parseJson(body)
  if (parsed === undefined) return error(400, 'invalid JSON')
  const fields = parsed.read_receipt
  if (!isRecord(fields) || typeof fields.chat_id !== 'string' || typeof fields.message_id !== 'string') {
    return error(400, 'read_receipt.chat_id and read_receipt.message_id are required')
  }

  const conversation = store.conversation(fields.chat_id)
  const receipt = conversation && store.markRead(conversation, fields.message_id)
  // Bare body, no envelope (NOTES.md, Envelope).
  return receipt ? json(200, {read_receipt: receipt}) : error(404, 'not found')
}

function uploadImage({store, headers, body}: Context): Reply {
  if (body.length === 0) return error(400, 'empty image')
  const image = store.storeImage(body, headers['content-type'] ?? 'application/octet-stream')
  return json(200, {payload: {url: image.url, picture_url: image.url}})
}

function serveImage({store, params}: Context): Reply {
  const image = store.images.get(params[0])
  if (!image) return error(404, 'not found')
  return {status: 200, headers: {'content-type': image.contentType}, body: image.bytes}
}

function write(response: ServerResponse, reply: Reply): void {
  response.writeHead(reply.status, reply.headers)
  response.end(reply.body)
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

function parseJson(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'))
    return isRecord(value) ? value : undefined
  } catch {
    return undefined
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isAttachment(value: unknown): value is Attachment {
  return isRecord(value) && typeof value.type === 'string'
}

function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const value = Number.parseInt(query.get(name) ?? '', 10)
  return Number.isNaN(value) ? fallback : value
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high)
}
