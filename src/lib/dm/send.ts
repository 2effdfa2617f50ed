import type {Attachment, GroupMeApi, Message, OutgoingMessage, UploadFile} from '../../api/api.js'
import {ConflictError} from '../../base/errors.js'
import {utcIso} from '../../output/time.js'
import {type AttachmentSpec, resolveAttachments} from './attachments.js'
import {uploadFileAttachments} from './file-attachment.js'
import {historyPages, MAX_PAGE_SIZE} from './pager.js'

export interface SendRequest {
  /** The message but for its attachments: they are added once uploaded. */
  message: Omit<OutgoingMessage, 'attachments'>
  /** --image, --location and the other attachment flags; local images are uploaded first. */
  specs: AttachmentSpec[]
  /** --file: uploaded to the file service first. */
  files: readonly UploadFile[]
  /** Attachments that need no upload (the reply). */
  ready: Attachment[]
  /** With the user's own --source-guid: a message sent with it since then is exit 6, and nothing is sent. */
  dedupeSinceSeconds?: number
}

/** dm send after its checks: refuse a --source-guid already used in its window, upload what is local, then deliver once. */
export async function sendWithUploads(client: GroupMeApi, request: SendRequest): Promise<Delivery> {
  const {message, specs, files, ready, dedupeSinceSeconds} = request
  if (dedupeSinceSeconds !== undefined) {
    const earlier = await findEarlierSend(client, message.recipient_id, message.source_guid, dedupeSinceSeconds)
    if (earlier) throw alreadySent(message.source_guid, earlier)
  }

  const attachments = await resolveAttachments(specs, (path, contentType) => client.uploadImageFile(path, contentType))
  const uploaded = files.length > 0 ? await uploadFileAttachments(client, await client.conversationWith(message.recipient_id), files) : []
  return deliver(client, {...message, attachments: [...attachments, ...uploaded, ...ready]})
}

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

/**
 * A message of this conversation sent with `sourceGuid` at or after `sinceSeconds`, newest first,
 * or undefined. The service refuses a reused source_guid only for about a minute (docs/service.md,
 * Sending); looking back through the history makes `--source-guid` mean once for as long as asked.
 */
async function findEarlierSend(client: GroupMeApi, otherUserId: string, sourceGuid: string, sinceSeconds: number): Promise<Message | undefined> {
  for await (const page of historyPages(client, {otherUserId})) {
    const found = page.find((message) => message.source_guid === sourceGuid && message.created_at >= sinceSeconds)
    if (found) return found
    // Pages come newest first: once a page reaches past the window, the rest is older still.
    if (page.at(-1)!.created_at < sinceSeconds) return undefined
  }

  return undefined
}

/** Exit 6, nothing sent: the guid was found in the history, with when. */
function alreadySent(sourceGuid: string, message: Message): ConflictError {
  return new ConflictError(`already sent: source_guid ${sourceGuid} is message ${message.id}, sent ${utcIso(message.created_at)}; nothing was sent again`)
}
