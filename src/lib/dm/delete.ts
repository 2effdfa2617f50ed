import type {GroupMeApi} from '../../api/api.js'
import {sanitizeLine, shorten} from '../../base/sanitize.js'
import {partnerName} from '../chats/resolve.js'
import {findMessage} from './message.js'

/** How much of the text a question quotes. */
const QUOTED_CHARACTERS = 40

/**
 * `dm delete`'s question on a terminal, naming who and what: `Delete your message to Alice
 * Example (1747…): "An old note…"?`. Two requests (the chat, one page ending at the message), made
 * only when asking; whatever cannot be found is left out of the question, not fatal.
 */
export async function deletionQuestion(client: GroupMeApi, chat: {conversationId: string; otherUserId: string}, messageId: string): Promise<string> {
  const {conversationId, otherUserId} = chat
  const name = (await partnerName(client, conversationId)) ?? `user ${otherUserId}`
  const quoted = await messageText(client, otherUserId, messageId)
  return `Delete your message to ${name} (${messageId})${quoted === undefined ? '' : `: ${quoted}`}?`
}

async function messageText(client: GroupMeApi, otherUserId: string, messageId: string): Promise<string | undefined> {
  try {
    const message = await findMessage(client, otherUserId, messageId)
    if (!message) return undefined
    const text = sanitizeLine(message.text ?? '')
    if (text === '') return '(no text)'
    return JSON.stringify(shorten(text, QUOTED_CHARACTERS + 1))
  } catch {
    return undefined
  }
}
