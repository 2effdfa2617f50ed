/**
 * `dm delete`: one message of mine, looked up first (only its sender can delete a DM), asked about
 * on a terminal, then deleted (docs/service.md, Deleting).
 */
import type {GroupMeApi, Message} from '../../api/api.js'
import type {ChatRef} from '../../api/ids.js'
import {ForbiddenError, NotFoundError} from '../../base/errors.js'
import {sanitizeLine, shorten} from '../../base/sanitize.js'
import {confirmDestructive, ensureConfirmable} from '../../core/confirm.js'
import type {Context} from '../../core/context.js'
import {action} from '../../output/action.js'
import {type Column, type CommandOutput, record} from '../../output/render.js'
import {partnerName, resolveChat} from '../chats/resolve.js'
import {findMessage, isMine} from './message.js'

interface Deletion {
  conversation_id: string
  message_id: string
  deleted: boolean
  request: string
}

/** The record a deletion prints (a dry run too). */
export const deletionColumns: Column<Deletion>[] = [
  {header: 'conversation id', value: (deletion) => deletion.conversation_id},
  {header: 'message id', value: (deletion) => deletion.message_id},
  {header: 'deleted', value: (deletion) => String(deletion.deleted)},
  {header: 'request', value: (deletion) => deletion.request},
]

/** What `dm delete` was asked for, its arguments checked. */
export interface DeleteRequest {
  chat: ChatRef
  messageId: string
  dryRun: boolean
  /** --yes: delete without asking. */
  yes: boolean
}

/**
 * The `dm delete` run: without a terminal to ask on, --yes is required (exit 2 before any request);
 * both ids of the chat are resolved once (for an @Name too); a dry run stops at the request; the
 * message is looked up, a terminal asked, and the message deleted. Returns what the command prints.
 */
export async function deleteOwnMessage(context: Pick<Context, 'io' | 'client'>, request: DeleteRequest): Promise<CommandOutput> {
  const {messageId} = request
  const asking = !request.dryRun && !request.yes
  if (asking) ensureConfirmable(context.io, false)
  const client = await context.client()
  // A chat id that does not hold yours is exit 2 here.
  const chat = await resolveChat(client, request.chat)
  const conversation = chat.conversationId
  const result = (deleted: boolean) =>
    record<Deletion>({conversation_id: conversation, message_id: messageId, deleted, request: `DELETE /conversations/${conversation}/messages/${messageId}`}, deletionColumns)
  if (request.dryRun) return result(false)
  const message = await deletableMessage(client, chat, messageId)
  if (message === 'already-deleted') return action(`Message ${messageId} is already deleted`, result(false))
  if (asking) await confirmDestructive(context.io, await deletionQuestion(client, chat, message), false)
  const outcome = await client.deleteMessage(conversation, messageId)
  const done = `Deleted your message ${messageId} in chat ${conversation}`
  return action(outcome.kind === 'deleted-earlier' ? `${done} (the first attempt did it; its answer was lost)` : done, result(true))
}

/**
 * The message `dm delete` is about, looked up before any DELETE: only its sender can delete a DM,
 * and the CLI knows the sender. 'already-deleted' for one that is gone (nothing to do); exit 4 for
 * one that is not in the chat; exit 5 for one the other user sent.
 */
async function deletableMessage(client: GroupMeApi, chat: {otherUserId: string}, messageId: string): Promise<Message | 'already-deleted'> {
  const message = await findMessage(client, chat.otherUserId, messageId)
  if (!message) throw new NotFoundError(`message ${messageId} not found in the chat with user ${chat.otherUserId}; nothing was deleted`)
  if (message.deleted_at) return 'already-deleted'
  const me = String((await client.currentUser()).id)
  if (!isMine(message, me)) {
    const sender = sanitizeLine(String(message.name ?? '')).trim() || `user ${String(message.sender_id)}`
    throw new ForbiddenError(`message ${messageId} was sent by ${sender}: only the sender can delete a DM; nothing was deleted`)
  }

  return message
}

/** How much of the text a question quotes. */
const QUOTED_CHARACTERS = 40

/**
 * `dm delete`'s question on a terminal, naming who and what: `Delete your message to Alice
 * Example (1747…): "An old note…"?`, of the message deletableMessage found. The chat's name is one
 * request, made only when asking; a name that cannot be found is left out, not fatal.
 */
async function deletionQuestion(client: GroupMeApi, chat: {conversationId: string; otherUserId: string}, message: Message): Promise<string> {
  const {conversationId, otherUserId} = chat
  const name = (await partnerName(client, conversationId)) ?? `user ${otherUserId}`
  const text = sanitizeLine(message.text ?? '')
  const quoted = text === '' ? '(no text)' : JSON.stringify(shorten(text, QUOTED_CHARACTERS + 1))
  return `Delete your message to ${name} (${message.id}): ${quoted}?`
}
