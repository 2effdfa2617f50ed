import type {Chat, GroupMeApi} from '../../api/api.js'
import {conversationId} from '../../api/ids.js'
import {ServerError} from '../../base/errors.js'
import type {ChatEntry} from './columns.js'

/** docs/service.md, Chats: nobody has seen more than 100 a page honoured. */
export const MAX_CHATS_PER_PAGE = 100

/** The id of a chat's newest message, from the /chats listing (api/shapes.ts checked it is a numeric id). */
export function lastMessageId(chat: Chat): string | undefined {
  const id = chat.last_message?.id
  return typeof id === 'string' ? id : undefined
}

/**
 * Every chat, 100 a page, until an empty page: a short page does not mean the end. Each chat once:
 * one a new message moved onto a later page is not given again, and a page that brings no chat
 * not seen before (a server that ignores `page`) ends the walk as a broken answer, not a loop.
 */
export async function* allChatPages(client: GroupMeApi): AsyncGenerator<Chat[]> {
  const seen = new Set<string>()
  for (let page = 1; ; page++) {
    const chats = await client.listChats(page, MAX_CHATS_PER_PAGE)
    if (chats.length === 0) return
    const fresh = chats.filter((chat) => {
      const id = String(chat.other_user?.id)
      if (seen.has(id)) return false
      seen.add(id)
      return true
    })
    if (fresh.length === 0) {
      throw new ServerError(`the service's /chats page ${page} brought no chat that was not on an earlier page (it may be ignoring \`page\`); stopped there`)
    }

    yield fresh
  }
}

/** The first `limit` chats (most recent first), over as many pages as that takes; no page past them is asked for. */
export async function* firstChats(client: GroupMeApi, limit: number): AsyncGenerator<Chat[]> {
  let left = limit
  for await (const chats of allChatPages(client)) {
    yield chats.slice(0, left)
    left -= Math.min(left, chats.length)
    if (left === 0) return
  }
}

export async function* oneChatPage(client: GroupMeApi, page: number, perPage: number): AsyncGenerator<Chat[]> {
  yield await client.listChats(page, perPage)
}

/**
 * Pair each chat with its compound id: the last message's conversation_id, or, when a chat
 * has no last message, one built from /users/me (asked at most once).
 */
export async function* withChatIds(client: GroupMeApi, pages: AsyncIterable<Chat[]>): AsyncGenerator<ChatEntry[]> {
  for await (const chats of pages) {
    const entries: ChatEntry[] = []
    for (const chat of chats) entries.push({chat, id: await chatId(client, chat)})
    yield entries
  }
}

export async function chatId(client: GroupMeApi, chat: Chat): Promise<string> {
  const known = chat.last_message?.conversation_id
  if (known) return conversationId(...(known.split('+') as [string, string]))
  const me = await client.currentUser()
  return conversationId(String(me.id), String(chat.other_user.id))
}
