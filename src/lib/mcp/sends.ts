/**
 * The write tools of `groupme mcp --allow-send`: checked and resolved first (prepare…), asked
 * about when the host can ask (server.ts), then done through the CLI's own workflows: a send
 * exactly once through dm send's delivery (lib/dm/send.ts: one source_guid for every retry), a
 * reaction through dm react's (lib/dm/reactions.ts).
 */
import type {Attachment, GroupMeApi, LikeIcon, OutgoingMessage} from '../../api/api.js'
import {newSourceGuid} from '../../api/client.js'
import {parseUserRef, requireNumericId, type UserRef} from '../../api/ids.js'
import {ForbiddenError} from '../../base/errors.js'
import {sanitizeLine, sanitizeText} from '../../base/sanitize.js'
import {partnerName, resolveChat, resolveUser, resolveUserId} from '../chats/resolve.js'
import {checkText} from '../dm/compose.js'
import {requireMessage} from '../dm/message.js'
import {parseReaction, reactToMessage, reactionLabel} from '../dm/reactions.js'
import {replyTo as replyAttachment} from '../dm/reply.js'
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

/** A write checked and resolved, not yet done: what the user is asked, and what is said when they decline. */
export interface PreparedWrite {
  question: string
  refusal: string
}

export interface PreparedSend extends PreparedWrite {
  recipientId: string
  /** A name when one is known, else the user id. */
  recipient: string
  text: string
  /** The reply attachment, when reply_to was given (lib/dm/reply.ts: the message must be in the chat). */
  reply?: Attachment
}

export async function prepareSend(client: GroupMeApi, policy: SendPolicy, args: SendArgs): Promise<PreparedSend> {
  checkText(args.text, 0)
  const ref = parseUserRef(args.chat, 'chat')
  const replyTo = args.reply_to === undefined ? undefined : requireNumericId(args.reply_to, 'reply_to')
  const user = await resolveUser(client, ref)
  await policy.check(client, user.id, args.chat)
  const name = user.name ?? (await partnerName(client, await client.conversationWith(user.id)))
  const recipient = name ? `${name} (user ${user.id})` : `user ${user.id}`
  return {
    recipientId: user.id,
    recipient,
    text: args.text,
    ...(replyTo ? {reply: replyAttachment(await requireMessage(client, user.id, replyTo, 'reply_to'))} : {}),
    question: `Send this message to ${recipient}?\n\n${sanitizeText(args.text)}`,
    refusal: `nothing was sent: the user did not confirm the message to ${recipient}`,
  }
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
    attachments: prepared.reply ? [prepared.reply] : [],
  }
  const {message, note} = await deliver(client, outgoing)
  return {sent: true, to: prepared.recipient, ...(message ? {message: messageView(message)} : {}), ...(note ? {note} : {})}
}

export interface ReactArgs {
  chat: string
  message_id: string
  emoji?: string
}

export interface PreparedReaction extends PreparedWrite {
  conversationId: string
  messageId: string
  icon?: LikeIcon
}

/** The emoji checked (one of the 15, pack:ID:INDEX, or none for a like), the chat allowed, the message there. */
export async function prepareReaction(client: GroupMeApi, policy: SendPolicy, args: ReactArgs): Promise<PreparedReaction> {
  const icon = parseReaction(args.emoji)
  const messageId = requireNumericId(args.message_id, 'message_id')
  const {conversationId, otherUserId} = await resolveChat(client, parseUserRef(args.chat, 'chat'))
  await policy.check(client, otherUserId, args.chat)
  const message = await requireMessage(client, otherUserId, messageId, 'message_id')
  const label = reactionLabel(icon)
  return {
    conversationId,
    messageId,
    ...(icon ? {icon} : {}),
    question: `React ${label} to this message of ${sanitizeLine(message.name ?? '')}?\n\n${sanitizeText(message.text ?? '')}`,
    refusal: `nothing was sent: the user did not confirm the reaction to message ${messageId}`,
  }
}

export async function performReaction(client: GroupMeApi, prepared: PreparedReaction): Promise<{reacted: true; chat: string; message_id: string; reaction?: string}> {
  const change = await reactToMessage(client, prepared)
  return {reacted: true, chat: change.conversation_id, message_id: change.message_id, ...(change.reaction ? {reaction: change.reaction} : {})}
}
