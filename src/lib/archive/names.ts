/**
 * --chat and --from for the offline commands (search, stats, export): resolved against the
 * archive's own chats and users, never the service.
 */
import {UsageError} from '../../core/errors.js'
import {type ChatRef, parseChatRef, parseUserRef} from '../../api/ids.js'
import {sanitizeLine} from '../../output/sanitize.js'
import type {Database} from './sqlite.js'

interface Named {
  id: string
  name: string
}

/** A CHAT (compound id, other user's id, @Name) as the archive's compound chat id. */
export function archivedChatId(db: Database, value: string): string {
  const ref: ChatRef = parseChatRef(value)
  const chats = db.prepare('SELECT id, other_user_id, other_user_name AS name FROM chats').all() as unknown as Array<Named & {other_user_id: string}>
  if ('conversationId' in ref) {
    if (chats.some((chat) => chat.id === ref.conversationId)) return ref.conversationId
    throw new UsageError(`no chat ${ref.conversationId} in the archive`)
  }

  if ('otherUserId' in ref) {
    const found = chats.find((chat) => chat.other_user_id === ref.otherUserId)
    if (found) return found.id
    throw new UsageError(`no chat with user ${ref.otherUserId} in the archive`)
  }

  return matchName(chats, ref.name, 'chat with a user named').id
}

/** A USER (id or @Name) as a user id known to the archive. */
export function archivedUserId(db: Database, value: string): string {
  const ref = parseUserRef(value, 'USER')
  if ('otherUserId' in ref) return ref.otherUserId
  const users = db.prepare('SELECT id, name FROM users').all() as unknown as Named[]
  return matchName(users, ref.name, 'user named').id
}

/** The whole name first (case-insensitive), else the first name alone; ambiguity is an error that lists the candidates. */
function matchName<T extends Named>(candidates: T[], wanted: string, what: string): T {
  const target = wanted.toLowerCase()
  const clean = (name: string | null) => sanitizeLine(name).trim().toLowerCase()
  const exact = candidates.filter((candidate) => clean(candidate.name) === target)
  const first = candidates.filter((candidate) => clean(candidate.name).split(/\s+/)[0] === target)
  const matches = exact.length > 0 ? exact : first
  if (matches.length === 1) return matches[0]
  if (matches.length > 1) {
    const list = matches.map((candidate) => `${sanitizeLine(candidate.name)} (${candidate.id})`).join(', ')
    throw new UsageError(`@${sanitizeLine(wanted)} is ambiguous in the archive: ${list}; give the id instead`)
  }

  throw new UsageError(`no ${what} @${sanitizeLine(wanted)} in the archive`)
}
