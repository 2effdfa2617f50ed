/**
 * The write tools of `groupme mcp --allow-send`: checked and resolved first (prepareSend), asked
 * about when the host can ask (server.ts), then sent exactly once through dm send's own delivery
 * (lib/dm/send.ts: one source_guid for every retry).
 */
import type {GroupMeApi, OutgoingMessage} from '../../api/api.js'
import {newSourceGuid} from '../../api/client.js'
import {parseUserRef, requireNumericId, type UserRef} from '../../api/ids.js'
import {ForbiddenError} from '../../base/errors.js'
import {sanitizeLine} from '../../base/sanitize.js'
import {partnerName, resolveUser, resolveUserId} from '../chats/resolve.js'
import {checkText} from '../dm/compose.js'
import {deliver} from '../dm/send.js'
import {type MessageView, messageView} from './views.js'

/**
 * Which chats the write tools may write to: every chat (`--allow-send` alone), or those listed
 * (`--allow-send @Alice,@Bob`), resolved to user ids on first use and remembered.
 */
export class SendPolicy {
  private allowed?: Promise<Set<string>>
  private readonly refs: UserRef[]

  /** `list` undefined: every chat. Each entry is checked now (a bad one stops the server from starting). */
  constructor(private readonly list: string[] | undefined) {
    this.refs = (list ?? []).map((entry) => parseUserRef(entry, '--allow-send'))
  }

  async check(client: GroupMeApi, otherUserId: string, typed: string): Promise<void> {
    if (this.list === undefined) return
    this.allowed ??= Promise.all(this.refs.map((ref) => resolveUserId(client, ref))).then((ids) => new Set(ids))
    // A failed lookup is tried again on the next call, not remembered.
    const allowed = await this.allowed.catch((error: unknown) => {
      this.allowed = undefined
      throw error
    })
    if (!allowed.has(otherUserId)) {
      throw new ForbiddenError(`${sanitizeLine(typed)} is not among the chats --allow-send names (${this.list.map(sanitizeLine).join(', ')}): nothing was sent`)
    }
  }
}

export interface SendArgs {
  chat: string
  text: string
  reply_to?: string
}

/** A send checked and resolved, not yet sent. */
export interface PreparedSend {
  recipientId: string
  /** For the question to the user: a name when one is known, else the user id. */
  recipient: string
  text: string
  replyTo?: string
}

export async function prepareSend(client: GroupMeApi, policy: SendPolicy, args: SendArgs): Promise<PreparedSend> {
  checkText(args.text, 0)
  const ref = parseUserRef(args.chat, 'chat')
  const replyTo = args.reply_to === undefined ? undefined : requireNumericId(args.reply_to, 'reply_to')
  const user = await resolveUser(client, ref)
  await policy.check(client, user.id, args.chat)
  const name = user.name ?? (await partnerName(client, await client.conversationWith(user.id)))
  return {recipientId: user.id, recipient: name ? `${name} (user ${user.id})` : `user ${user.id}`, text: args.text, ...(replyTo ? {replyTo} : {})}
}

export interface SendResult {
  sent: true
  to: string
  message?: MessageView
  note?: string
}

/** Send once: one fresh source_guid, reused by every retry of this send (deliver). */
export async function performSend(client: GroupMeApi, prepared: PreparedSend): Promise<SendResult> {
  const outgoing: OutgoingMessage = {
    source_guid: await newSourceGuid(),
    recipient_id: prepared.recipientId,
    text: prepared.text,
    attachments: prepared.replyTo ? [{type: 'reply', reply_id: prepared.replyTo, base_reply_id: prepared.replyTo}] : [],
  }
  const {message, note} = await deliver(client, outgoing)
  return {sent: true, to: prepared.recipient, ...(message ? {message: messageView(message)} : {}), ...(note ? {note} : {})}
}
