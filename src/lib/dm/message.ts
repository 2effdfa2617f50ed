import type {GroupMeApi, Message} from '../../api/api.js'
import {NotFoundError} from '../../base/errors.js'

/**
 * One message of a DM by its id, or undefined: there is no endpoint for one message, so this is one
 * page request whose before_id is the id + 1 (before_id is exclusive), checked by id: a message of
 * another chat never comes back (docs/actions.md, Replies). The sum is BigInt on the digits, never a Number.
 */
export async function findMessage(client: GroupMeApi, otherUserId: string, messageId: string): Promise<Message | undefined> {
  const page = await client.listMessages({otherUserId, beforeId: String(BigInt(messageId) + 1n), limit: 1})
  return page.direct_messages.find((candidate) => candidate.id === messageId)
}

/** findMessage, or exit 4 naming what is missing: nothing is sent about a message that is not there. */
export async function requireMessage(client: GroupMeApi, otherUserId: string, messageId: string, what = 'MESSAGE'): Promise<Message> {
  const message = await findMessage(client, otherUserId, messageId)
  if (!message || message.deleted_at) {
    throw new NotFoundError(`${what} ${messageId}: no such message in the chat with user ${otherUserId}${message ? ' (it was deleted)' : ''}; nothing was sent`)
  }

  return message
}

/** Whether I sent `message` (by its sender_id, else user_id); a system message is nobody's. */
export function isMine(message: Message, myUserId: string): boolean {
  return message.sender_type !== 'system' && String(message.sender_id ?? message.user_id ?? '') === myUserId
}
