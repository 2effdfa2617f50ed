/**
 * --chat and --from for the offline commands (search, stats, export, html): resolved against the
 * archive's own chats and users, never the service.
 */
import {UsageError} from '../../base/errors.js'
import {type ChatRef, parseChatRef, parseUserRef} from '../../api/ids.js'
import {sanitizeLine} from '../../base/sanitize.js'
import {matchName as matchPerson, type Person} from '../chats/names.js'
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

/** A USER (id, @Name, or a chat id in the archive) as a user id known to the archive. */
export function archivedUserId(db: Database, value: string): string {
  const ref = parseUserRef(value, 'USER')
  if ('otherUserId' in ref) return ref.otherUserId
  if ('conversationId' in ref) {
    const chat = db.prepare('SELECT other_user_id FROM chats WHERE id = ?').get(ref.conversationId) as {other_user_id: string} | undefined
    if (chat) return chat.other_user_id
    throw new UsageError(`no chat ${ref.conversationId} in the archive`)
  }

  const users = db.prepare('SELECT id, name FROM users').all() as unknown as Named[]
  return matchName(users, ref.name, 'user named').id
}

/** The same rules as @Name against the service (lib/chats/names.ts), over the archive's names. */
function matchName<T extends Named>(candidates: T[], wanted: string, what: string): T {
  const people = candidates.map((candidate) => ({id: candidate.id, name: sanitizeLine(candidate.name).trim()}))
  const found = matchPerson(wanted, people)
  const list = (matches: Person[]) => matches.map((person) => `${person.name} (${person.id})`).join(', ')
  switch (found.kind) {
    case 'one': {
      return candidates[people.indexOf(found.person)]
    }

    case 'ambiguous': {
      throw new UsageError(`@${sanitizeLine(wanted)} is ambiguous in the archive: ${list(found.candidates)}; give the id instead`)
    }

    case 'unknown': {
      const close = found.closeMatches.length > 0 ? `; did you mean: ${list(found.closeMatches)}` : ''
      throw new UsageError(`no ${what} @${sanitizeLine(wanted)} in the archive${close}`)
    }
  }
}
