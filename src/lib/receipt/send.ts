import type {GroupMeApi, ReadReceipt} from '../../api/api.js'
import {NotFoundError} from '../../base/errors.js'
import type {ResolvedChat} from '../chats/resolve.js'
import {findMessage} from '../dm/message.js'
import type {Column} from '../../output/render.js'

/** A read receipt's columns: receipt send's line in a pipe, and its table. */
export const receiptColumns: Column<ReadReceipt>[] = [
  {header: 'chat id', value: (receipt) => receipt.chat_id},
  {header: 'message id', value: (receipt) => receipt.message_id},
  {header: 'read at', value: (receipt, view) => view.time(receipt.read_at)},
]

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
