import type {Attachment, GroupMeApi, Message} from '../../api/api.js'
import {requireMessage} from './message.js'

/**
 * The reply attachment answering MESSAGE (docs/actions.md, Replies): base_reply_id is the thread's
 * first message, the answered message's own base when it is itself a reply. MESSAGE must be in the
 * chat with `otherUserId`, else exit 4 and nothing is sent.
 */
export async function replyAttachment(client: GroupMeApi, otherUserId: string, messageId: string): Promise<Attachment> {
  const answered = await requireMessage(client, otherUserId, messageId, '--reply-to')
  return replyTo(answered)
}

/** The reply attachment for a message already read. */
export function replyTo(answered: Message): Attachment {
  const earlier = answered.attachments?.find((attachment) => attachment.type === 'reply')
  const base = typeof earlier?.base_reply_id === 'string' && earlier.base_reply_id !== '' ? earlier.base_reply_id : answered.id
  return {type: 'reply', reply_id: answered.id, base_reply_id: base, ...(answered.sender_id && {user_id: answered.sender_id})}
}
