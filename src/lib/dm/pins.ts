/**
 * Pins (docs/actions.md, Pins). The service answers a double pin (or an unpin of an unpinned
 * message) with a bare 400, so the message's pinned_at decides: already so is exit 0, nothing sent.
 */
import type {GroupMeApi, Message} from '../../api/api.js'
import {action} from '../../output/action.js'
import {type Column, type CommandOutput, record} from '../../output/render.js'
import {requireMessage} from './message.js'

export interface PinChange {
  conversation_id: string
  message_id: string
  pinned: boolean
  /** False when the message already was as asked, and nothing was sent. */
  changed: boolean
  request: string
}

/** A pin or unpin as a record prints it. */
export const pinColumns: Column<PinChange>[] = [
  {header: 'conversation id', value: (change) => change.conversation_id},
  {header: 'message id', value: (change) => change.message_id},
  {header: 'pinned', value: (change) => String(change.pinned)},
  {header: 'changed', value: (change) => String(change.changed)},
  {header: 'request', value: (change) => change.request},
]

export function isPinned(message: Message): message is Message & {pinned_at: number} {
  return typeof message.pinned_at === 'number' && message.pinned_at > 0
}

/** Pin or unpin a message of the chat; `dryRun` reads the message and sends nothing else. */
export async function setPin(
  client: GroupMeApi,
  options: {conversationId: string; otherUserId: string; messageId: string; pinned: boolean; dryRun?: boolean},
): Promise<PinChange> {
  const {conversationId, otherUserId, messageId, pinned} = options
  const message = await requireMessage(client, otherUserId, messageId)
  const changed = isPinned(message) !== pinned
  const request = `POST /conversations/${conversationId}/messages/${messageId}/${pinned ? 'pin' : 'unpin'}`
  if (changed && !options.dryRun) await client.setPinned(conversationId, messageId, pinned)
  return {conversation_id: conversationId, message_id: messageId, pinned, changed, request}
}

/** What pin and unpin print: on a terminal one line (saying when nothing was sent), in a pipe the record. */
export function pinOutput(change: PinChange, dryRun: boolean): CommandOutput {
  const result = record(change, pinColumns)
  if (dryRun) return result
  const {message_id: id, conversation_id: chat, pinned} = change
  const line = change.changed
    ? `${pinned ? 'Pinned' : 'Unpinned'} message ${id} in chat ${chat}`
    : `Message ${id} was already ${pinned ? 'pinned' : 'not pinned'}; nothing was sent`
  return action(line, result)
}

/** The chat's pinned messages, most recently pinned first. */
export async function pinnedMessages(client: GroupMeApi, otherUserId: string): Promise<Message[]> {
  const pins = await client.listPins(otherUserId)
  return pins.toSorted((a, b) => Number(b.pinned_at ?? 0) - Number(a.pinned_at ?? 0))
}
