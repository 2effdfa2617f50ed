import type {GroupMeApi, Message, OutgoingMessage} from '../../api/api.js'
import {ConflictError} from '../../core/errors.js'
import {MAX_PAGE_SIZE} from './pager.js'

export interface Delivery {
  /** The message as the service stored it; undefined when it could not be looked up. */
  message?: Message
  /** Said on stderr: how the outcome was reached, when it was not a plain 201. */
  note?: string
}

/**
 * Send exactly once. One source_guid serves every retry; a 409 answering our own retry means an
 * earlier attempt arrived and only its answer was lost, so the message is looked up instead.
 */
export async function deliver(client: GroupMeApi, outgoing: OutgoingMessage): Promise<Delivery> {
  const outcome = await client.sendMessage(outgoing)
  if (outcome.kind === 'sent') return {message: outcome.message}
  if (outcome.kind === 'duplicate') {
    throw new ConflictError(
      `already sent: source_guid ${outgoing.source_guid} was used for a message in the last minute; nothing was sent again`,
      {status: 409},
    )
  }

  // A 409 proves only that the service took a message with this source_guid in the last minute.
  const answered = `the retry was answered 409: source_guid ${outgoing.source_guid} was already used, so an earlier attempt arrived though its answer was lost`
  try {
    const recent = await client.listMessages({otherUserId: outgoing.recipient_id, limit: MAX_PAGE_SIZE})
    const message = recent.direct_messages.find((candidate) => candidate.source_guid === outgoing.source_guid)
    if (message) return {message, note: `note: ${answered}; the message was sent once`}
    return {note: `note: ${answered}; it is not among the latest ${MAX_PAGE_SIZE} messages, so it could not be confirmed or shown`}
  } catch {
    // A failed lookup is no reason to report a failed send: say what is known instead.
    return {note: `note: ${answered}; it could not be looked up to confirm it`}
  }
}
