import type {GroupMeApi, Message} from '../../api/api.js'
import {ForbiddenError, NotFoundError} from '../../base/errors.js'
import {sanitizeLine, shorten} from '../../base/sanitize.js'
import {partnerName} from '../chats/resolve.js'
import {findMessage} from './message.js'

/**
 * The message `dm delete` is about, looked up before any DELETE: only its sender can delete a DM,
 * and the CLI knows the sender. 'already-deleted' for one that is gone (nothing to do); exit 4 for
 * one that is not in the chat; exit 5 for one the other user sent.
 */
export async function deletableMessage(client: GroupMeApi, chat: {otherUserId: string}, messageId: string): Promise<Message | 'already-deleted'> {
  const message = await findMessage(client, chat.otherUserId, messageId)
  if (!message) throw new NotFoundError(`message ${messageId} not found in the chat with user ${chat.otherUserId}; nothing was deleted`)
  if (message.deleted_at) return 'already-deleted'
  const me = String((await client.currentUser()).id)
  if (String(message.sender_id ?? message.user_id) !== me) {
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
export async function deletionQuestion(client: GroupMeApi, chat: {conversationId: string; otherUserId: string}, message: Message): Promise<string> {
  const {conversationId, otherUserId} = chat
  const name = (await partnerName(client, conversationId)) ?? `user ${otherUserId}`
  const text = sanitizeLine(message.text ?? '')
  const quoted = text === '' ? '(no text)' : JSON.stringify(shorten(text, QUOTED_CHARACTERS + 1))
  return `Delete your message to ${name} (${message.id}): ${quoted}?`
}
