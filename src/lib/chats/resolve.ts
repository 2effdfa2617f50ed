import type {Chat, GroupMeApi} from '../../api/api.js'
import {UsageError} from '../../core/errors.js'
import {type ChatRef, otherParticipant, type UserRef} from '../../api/ids.js'
import {sanitizeLine} from '../../output/sanitize.js'
import {allChatPages} from './pages.js'

/** A CHAT argument as a compound id: a user id or @Name is paired with /users/me, sorted numerically. */
export async function resolveConversationId(client: GroupMeApi, ref: ChatRef): Promise<string> {
  if ('conversationId' in ref) return ref.conversationId
  return client.conversationWith(await resolveUserId(client, ref))
}

/** A CHAT argument as both of its ids, resolving an @Name once (one walk of GET /chats). */
export async function resolveChat(client: GroupMeApi, ref: ChatRef): Promise<{conversationId: string; otherUserId: string}> {
  if ('conversationId' in ref) {
    return {conversationId: ref.conversationId, otherUserId: otherParticipant(ref.conversationId, String((await client.currentUser()).id))}
  }

  const otherUserId = await resolveUserId(client, ref)
  return {conversationId: await client.conversationWith(otherUserId), otherUserId}
}

/**
 * `@Name`, matched case-insensitively against the other users of every chat (all pages): the
 * whole name first, else the first name alone (`@alice` for "Alice Example"). Unknown or
 * ambiguous names are usage errors that list the candidates.
 */
export async function resolveUserId(client: GroupMeApi, ref: UserRef): Promise<string> {
  if ('otherUserId' in ref) return ref.otherUserId
  const wanted = ref.name.toLowerCase()
  const exact: Chat[] = []
  const firstName: Chat[] = []
  const partial: Chat[] = []
  const everyone: Chat[] = []
  for await (const chats of allChatPages(client)) {
    for (const chat of chats) {
      if (chat.other_user) everyone.push(chat)
      // The name as the tables show it: control characters in it must not stop a match.
      const name = sanitizeLine(chat.other_user?.name).trim().toLowerCase()
      if (name === wanted) exact.push(chat)
      else if (name.split(/\s+/)[0] === wanted) firstName.push(chat)
      else if (name.includes(wanted)) partial.push(chat)
    }
  }

  const matches = exact.length > 0 ? exact : firstName
  if (matches.length === 1) return String(matches[0].other_user.id)
  const describe = (chats: Chat[]) => chats.map((chat) => `${sanitizeLine(chat.other_user.name)} (${chat.other_user.id})`).join(', ')
  if (matches.length > 1) {
    throw new UsageError(`@${sanitizeLine(ref.name)} is ambiguous: ${describe(matches)}; give the user id instead`)
  }

  const unknown = `no chat with a user named @${sanitizeLine(ref.name)}`
  if (partial.length > 0) throw new UsageError(`${unknown}; did you mean: ${describe(partial)}`)
  if (everyone.length === 0) throw new UsageError(`${unknown}: you have no direct-message chats yet; give the user id instead`)
  const shown = everyone.slice(0, MAX_CANDIDATES_SHOWN)
  const more = everyone.length - shown.length
  throw new UsageError(`${unknown}; the users you have chats with are: ${describe(shown)}${more > 0 ? ` and ${more} more (groupme chats list --all)` : ''}`)
}

/** An error line stays readable: beyond this many names, `chats list --all` shows the rest. */
const MAX_CANDIDATES_SHOWN = 10
