import type {GroupMeApi, ReadReceipt} from '../../api/api.js'
import {NotFoundError} from '../../base/errors.js'
import type {ResolvedChat} from '../chats/resolve.js'
import {findMessage} from '../dm/message.js'

/**
 * Mark a chat read up to `messageId`, or up to its latest message without one. A message of
 * another chat is said so (exit 4) before anything is marked read.
 */
export async function markRead(client: GroupMeApi, chat: ResolvedChat, messageId: string | undefined): Promise<ReadReceipt> {
  if (messageId !== undefined && !(await findMessage(client, chat.otherUserId, messageId))) {
    throw new NotFoundError(`message ${messageId} is not in the chat with user ${chat.otherUserId}; nothing was marked read`)
  }

  const upTo = messageId ?? (await client.showChat(chat.conversationId)).last_message?.id
  if (!upTo) throw new NotFoundError(`chat ${chat.conversationId} has no messages to mark read`)
  return client.sendReadReceipt(chat.conversationId, upTo)
}
