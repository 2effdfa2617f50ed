import type {GroupMeApi} from '../../api/api.js'
import {UsageError} from '../../base/errors.js'
import {type ChatRef, otherParticipant, type UserRef} from '../../api/ids.js'
import {sanitizeLine} from '../../base/sanitize.js'
import {matchName, type Person} from './names.js'
import {allChatPages} from './pages.js'

/**
 * How an @Name may match. A command that deletes a whole chat takes the exact name only: run again
 * once the chat is gone, `@BOB` would otherwise fall back to a "Bob" (docs/decisions/0058-name-exact-then-any-case-if-unique-then-a-unique-first-name.md).
 */
export interface NameRules {
  exactName?: boolean
}

/** A CHAT argument as a compound id: a user id or @Name is paired with /users/me, sorted numerically. */
export async function resolveConversationId(client: GroupMeApi, ref: ChatRef, rules: NameRules = {}): Promise<string> {
  // A chat id is used as given: the service answers for one that is not yours (404).
  if ('conversationId' in ref) return ref.conversationId
  return client.conversationWith((await resolveUser(client, ref, rules)).id)
}

/** A chat as the commands address it: its conversation id and the other user's id. */
export interface ResolvedChat {
  conversationId: string
  otherUserId: string
}

/** A CHAT argument as both of its ids, resolving an @Name once (one walk of GET /chats). */
export async function resolveChat(client: GroupMeApi, ref: ChatRef, rules: NameRules = {}): Promise<ResolvedChat> {
  if ('conversationId' in ref) {
    return {conversationId: ref.conversationId, otherUserId: otherParticipant(ref.conversationId, String((await client.currentUser()).id))}
  }

  const otherUserId = (await resolveUser(client, ref, rules)).id
  return {conversationId: await client.conversationWith(otherUserId), otherUserId}
}

/**
 * The other user's name in a chat, for a question that must say who (dm delete, dm purge); undefined
 * when the chat cannot be shown, which is no reason to stop.
 */
export async function partnerName(client: GroupMeApi, conversationId: string): Promise<string | undefined> {
  try {
    const name = (await client.showChat(conversationId)).other_user?.name
    return name ? sanitizeLine(name).trim() : undefined
  } catch {
    return undefined
  }
}

/** An error line stays readable: beyond this many names, `chats list --all` shows the rest. */
const MAX_CANDIDATES_SHOWN = 10

/**
 * A USER argument as the other user's id. A chat id must hold my own id (the other one is the
 * user); `@Name` is looked up in every chat (all pages) by matchName's rules. Unknown or
 * ambiguous names are usage errors that name the candidates with their ids.
 */
export async function resolveUserId(client: GroupMeApi, ref: UserRef): Promise<string> {
  return (await resolveUser(client, ref)).id
}

/** resolveUserId, with the name too when the user was given by name (for "Sent to Alice Example"). */
export async function resolveUser(client: GroupMeApi, ref: UserRef, rules: NameRules = {}): Promise<{id: string; name?: string}> {
  if ('otherUserId' in ref) return {id: ref.otherUserId}
  if ('conversationId' in ref) return {id: (await resolveChat(client, ref)).otherUserId}
  const people = await chatPartners(client)
  const found = matchName(ref.name, people)
  const typed = `@${sanitizeLine(ref.name)}`
  switch (found.kind) {
    case 'one': {
      if (rules.exactName && !found.exact) {
        throw new UsageError(`nobody you have a chat with is named exactly ${typed} (${describe([found.person])} is close); give the exact name or the user id to delete`)
      }

      return found.person
    }

    case 'ambiguous': {
      throw new UsageError(`${typed} is ambiguous: ${describe(found.candidates)}; give the user id instead`)
    }

    case 'unknown': {
      const unknown = `no chat with a user named ${typed}`
      if (found.closeMatches.length > 0) throw new UsageError(`${unknown}; did you mean: ${describe(found.closeMatches)}`)
      if (people.length === 0) throw new UsageError(`${unknown}: you have no direct-message chats yet; give the user id instead`)
      const shown = people.slice(0, MAX_CANDIDATES_SHOWN)
      const more = people.length - shown.length
      throw new UsageError(
        `${unknown}, nor one close to it; the users you have chats with are: ${describe(shown)}` +
          (more > 0 ? ` and ${more} more (groupme chats list --all)` : ''),
      )
    }
  }
}

/** The other user of every chat, once each, in the chat list's order. */
async function chatPartners(client: GroupMeApi): Promise<Person[]> {
  const people = new Map<string, Person>()
  for await (const chats of allChatPages(client)) {
    for (const chat of chats) {
      if (!chat.other_user) continue
      const id = String(chat.other_user.id)
      // The name as the tables show it: control characters in it must not stop a match.
      if (!people.has(id)) people.set(id, {id, name: sanitizeLine(chat.other_user.name).trim()})
    }
  }

  return [...people.values()]
}

function describe(people: Person[]): string {
  return people.map((person) => `${person.name} (${person.id})`).join(', ')
}
