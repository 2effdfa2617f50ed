/**
 * The shapes the CLI relies on, checked where answers enter: a field of the wrong type becomes one
 * line that names it, never "Cannot read properties of null" deep inside a command. Fields the
 * CLI does not read are not checked and pass through untouched. Ids sent as numbers are turned
 * into strings here and remembered as numbers for printing (json.ts).
 */
import {isNumericId} from './ids.js'
import {markBareNumber} from '../base/json.js'
import type {Block, Chat, FileData, Message, MessagePage, ReadReceipt, User} from './types.js'

/**
 * An answer whose status says success but whose body is not what the endpoint sends: a proxy, a
 * deploy or a cut connection (docs/service.md, Messages). Retried like a 5xx, never taken as data.
 */
export class BrokenAnswer extends Error {}

type Fields = Record<string, unknown>

/** What a value is, for a message: short, and never service text. */
export function kindOf(value: unknown): string {
  // A missing field reads as null, as it does in JSON.
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

function fields(value: unknown, what: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BrokenAnswer(`${what} is ${kindOf(value)}, not an object`)
  return value as Fields
}

function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new BrokenAnswer(`${what} is ${kindOf(value)}, not an array`)
  return value
}

/** A numeric id, as a string; a number becomes its digits and is remembered as a number. */
function id(holder: Fields, key: string, what: string): void {
  const value = holder[key]
  if (typeof value === 'string' && isNumericId(value)) return
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    holder[key] = String(value)
    markBareNumber(holder, key)
    return
  }

  throw new BrokenAnswer(`${what}.${key} is ${kindOf(value)}, not a numeric id`)
}

/** A user reference that is an id, or a word such as "system": a number becomes its digits. */
function idOrWord(holder: Fields, key: string, what: string): void {
  const value = holder[key]
  if (value === undefined || typeof value === 'string') return
  id(holder, key, what)
}

function optional(holder: Fields, key: string, what: string, types: Array<'string' | 'number' | 'null' | 'object'>): void {
  const value = holder[key]
  if (value === undefined) return
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
  if ((types as string[]).includes(type) && !(type === 'number' && !Number.isFinite(value))) return
  throw new BrokenAnswer(`${what}.${key} is ${kindOf(value)}, not ${types.map((t) => (t === 'null' ? 'null' : `a ${t}`)).join(' or ')}`)
}

function count(holder: Fields, key: string, what: string): void {
  const value = holder[key]
  if (value === undefined) return
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw new BrokenAnswer(`${what}.${key} is ${kindOf(value)}, not a count`)
}

function time(holder: Fields, key: string, what: string): void {
  if (typeof holder[key] !== 'number' || !Number.isFinite(holder[key])) throw new BrokenAnswer(`${what}.${key} is ${kindOf(holder[key])}, not a time`)
}

export function message(value: unknown, what: string): Message {
  const holder = fields(value, what)
  id(holder, 'id', what)
  time(holder, 'created_at', what)
  optional(holder, 'text', what, ['string', 'null'])
  optional(holder, 'name', what, ['string', 'null'])
  for (const key of ['sender_id', 'user_id', 'recipient_id']) idOrWord(holder, key, what)
  optional(holder, 'sender_type', what, ['string', 'null'])
  optional(holder, 'source_guid', what, ['string', 'null'])
  optional(holder, 'conversation_id', what, ['string', 'null'])
  optional(holder, 'deleted_at', what, ['number', 'null'])
  if (holder.attachments !== undefined && holder.attachments !== null) {
    list(holder.attachments, `${what}.attachments`).forEach((attachment, index) => {
      const item = fields(attachment, `${what}.attachments[${index}]`)
      if (typeof item.type !== 'string') throw new BrokenAnswer(`${what}.attachments[${index}].type is ${kindOf(item.type)}, not a string`)
    })
  }

  return holder as Message
}

/** GET /direct_messages: `direct_messages` must be an array; only an empty one ends history. */
export function messagePage(value: unknown): MessagePage {
  const what = 'the answer'
  const holder = fields(value, what)
  const messages = list(holder.direct_messages, `${what}.direct_messages`)
  for (const [index, item] of messages.entries()) message(item, `direct_messages[${index}]`)
  count(holder, 'count', what)
  if (holder.read_receipt !== undefined && holder.read_receipt !== null) fields(holder.read_receipt, `${what}.read_receipt`)
  return holder as unknown as MessagePage
}

export function chat(value: unknown, what: string): Chat {
  const holder = fields(value, what)
  const other = fields(holder.other_user, `${what}.other_user`)
  id(other, 'id', `${what}.other_user`)
  optional(other, 'name', `${what}.other_user`, ['string', 'null'])
  count(holder, 'messages_count', what)
  optional(holder, 'updated_at', what, ['number', 'null'])
  optional(holder, 'created_at', what, ['number', 'null'])
  if (holder.last_message !== undefined && holder.last_message !== null) {
    const last = fields(holder.last_message, `${what}.last_message`)
    optional(last, 'text', `${what}.last_message`, ['string', 'null'])
    optional(last, 'deleted_at', `${what}.last_message`, ['number', 'null'])
    if (last.id !== undefined) id(last, 'id', `${what}.last_message`)
    const conversation = last.conversation_id
    // The compound id is split on '+' to name the chat (chats/pages.ts).
    if (conversation !== undefined && conversation !== null && (typeof conversation !== 'string' || !/^\d+\+\d+$/.test(conversation))) {
      throw new BrokenAnswer(`${what}.last_message.conversation_id is ${kindOf(conversation)}, not a compound id like 93645911+118825642`)
    }
  }

  return holder as unknown as Chat
}

/** GET /chats: the response must be an array. */
export function chatPage(value: unknown): Chat[] {
  return list(value, 'the answer').map((item, index) => chat(item, `chats[${index}]`))
}

export function user(value: unknown): User {
  const holder = fields(value, 'the answer')
  id(holder, 'id', 'the answer')
  optional(holder, 'name', 'the answer', ['string', 'null'])
  return holder as unknown as User
}

/** POST /direct_messages: the message under `direct_message` (the service) or `message` (the reference). */
export function sentMessage(value: unknown): Message {
  const holder = fields(value, 'the answer')
  const key = holder.direct_message !== undefined ? 'direct_message' : 'message'
  return message(holder[key], key)
}

/** v2 answers wrapped in `read_receipt` or bare (docs/service.md, Envelope). */
export function readReceipt(value: unknown): ReadReceipt {
  const holder = fields(value, 'the answer')
  const receipt = holder.read_receipt === undefined ? holder : fields(holder.read_receipt, 'read_receipt')
  for (const key of ['message_id', 'chat_id', 'id']) optional(receipt, key, 'read_receipt', ['string', 'number'])
  optional(receipt, 'read_at', 'read_receipt', ['number'])
  return receipt as unknown as ReadReceipt
}

/** The image service answers `{payload: {url}}`, no envelope. */
export function pictureUrl(value: unknown): string {
  const payload = fields(fields(value, 'the answer').payload, 'payload')
  if (typeof payload.url !== 'string' || payload.url === '') throw new BrokenAnswer(`payload.url is ${kindOf(payload.url)}, not a URL`)
  return payload.url
}

/** GET /pinned/direct_messages: `{count, messages}` (docs/actions.md, Pins). */
export function pinnedMessages(value: unknown): Message[] {
  return list(fields(value, 'the answer').messages, 'the answer.messages').map((item, index) => message(item, `messages[${index}]`))
}

/** GET /blocks: `{blocks: [{user_id, blocked_user_id, created_at}]}`. */
export function blocks(value: unknown): Block[] {
  return list(fields(value, 'the answer').blocks, 'the answer.blocks').map((item, index) => {
    const holder = fields(item, `blocks[${index}]`)
    for (const key of ['user_id', 'blocked_user_id']) id(holder, key, `blocks[${index}]`)
    return holder as unknown as Block
  })
}

/** GET /blocks/between: `{between: true|false}`. */
export function between(value: unknown): boolean {
  const {between: answer} = fields(value, 'the answer')
  if (typeof answer !== 'boolean') throw new BrokenAnswer(`the answer.between is ${kindOf(answer)}, not true or false`)
  return answer
}

/** The file service's upload answer: `{status_url}`, no envelope. */
export function statusUrl(value: unknown): string {
  const url = fields(value, 'the answer').status_url
  if (typeof url !== 'string' || url === '') throw new BrokenAnswer(`the answer.status_url is ${kindOf(url)}, not a URL`)
  return url
}

/** An upload job's status: `{status, file_id}` once done. */
export function uploadStatus(value: unknown): {status: string; file_id?: string} {
  const holder = fields(value, 'the answer')
  if (typeof holder.status !== 'string') throw new BrokenAnswer(`the answer.status is ${kindOf(holder.status)}, not a string`)
  optional(holder, 'file_id', 'the answer', ['string'])
  return holder as {status: string; file_id?: string}
}

/** fileData: `[{file_id, file_data: {file_name, file_size, mime_type}}]`. */
export function fileData(value: unknown): FileData[] {
  return list(value, 'the answer').map((item, index) => {
    const holder = fields(item, `files[${index}]`)
    if (typeof holder.file_id !== 'string') throw new BrokenAnswer(`files[${index}].file_id is ${kindOf(holder.file_id)}, not a string`)
    const data = fields(holder.file_data, `files[${index}].file_data`)
    if (typeof data.file_name !== 'string') throw new BrokenAnswer(`files[${index}].file_data.file_name is ${kindOf(data.file_name)}, not a string`)
    return holder as unknown as FileData
  })
}

/** A shape check for an endpoint whose answer always has a body. */
export function required<T>(shape: (data: unknown) => T): (data: unknown, status: number) => T {
  return (data, status) => {
    if (data === undefined) throw new BrokenAnswer(`a ${status} without a body`)
    return shape(data)
  }
}
