/**
 * `chats delete`: clear a chat's history for me and take it off my list, for good (docs/actions.md,
 * Chats). The question on a terminal says how many messages go and whether the archive has them all.
 */
import {stat} from 'node:fs/promises'
import type {GroupMeApi} from '../../api/api.js'
import {sanitizeLine} from '../../base/sanitize.js'
import type {Context} from '../../core/context.js'
import type {Column} from '../../output/render.js'
import {archivePath, withArchive} from '../archive/location.js'

export interface ChatDeletion {
  conversation_id: string
  deleted: boolean
  request: string
}

export const chatDeletionColumns: Column<ChatDeletion>[] = [
  {header: 'conversation id', value: (deletion) => deletion.conversation_id},
  {header: 'deleted', value: (deletion) => String(deletion.deleted)},
  {header: 'request', value: (deletion) => deletion.request},
]

/**
 * `Delete the chat with Alice Example (32 messages; your archive holds all of them)? This cannot be
 * undone.` The archive part is left out when there is no archive, and says so when it cannot be read.
 */
export async function chatDeletionQuestion(context: Pick<Context, 'settings' | 'note'>, client: GroupMeApi, conversationId: string): Promise<string> {
  const chat = await client.showChat(conversationId)
  const name = sanitizeLine(chat.other_user.name ?? '').trim() || `user ${chat.other_user.id}`
  const count = chat.messages_count
  const archived = await archivedCount(context, conversationId)
  const archive =
    archived === undefined ? '' : archived === 'unreadable' ? '; your archive could not be read' : archived >= count ? '; your archive holds all of them' : `; your archive holds ${archived} of them`
  return `Delete the chat with ${name} (${count} message${count === 1 ? '' : 's'}${archive})? This clears its history for you and cannot be undone.`
}

/** Clear the chat; `dryRun` sends nothing. */
export async function deleteChat(client: GroupMeApi, options: {conversationId: string; dryRun?: boolean}): Promise<ChatDeletion> {
  const {conversationId} = options
  if (!options.dryRun) await client.deleteChat(conversationId)
  return {conversation_id: conversationId, deleted: !options.dryRun, request: `DELETE /chats/${conversationId}`}
}

/** Messages of the chat in the default archive; undefined when there is no archive file. */
async function archivedCount(context: Pick<Context, 'settings' | 'note'>, conversationId: string): Promise<number | 'unreadable' | undefined> {
  const exists = await stat(archivePath(undefined, context.settings)).then(
    () => true,
    () => false,
  )
  if (!exists) return undefined
  try {
    return await withArchive(undefined, context, (db) => Number(db.prepare('SELECT count(*) AS n FROM messages WHERE conversation_id = ?').get(conversationId)?.n ?? 0))
  } catch {
    return 'unreadable'
  }
}
