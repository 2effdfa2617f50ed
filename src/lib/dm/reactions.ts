/**
 * Likes and reactions (docs/actions.md, Likes and reactions): what EMOJI may be, the request, and
 * how a message's reactions read in a column (`❤️ 2 🔥 1`).
 */
import type {GroupMeApi, LikeIcon, Message} from '../../api/api.js'
import {UsageError} from '../../base/errors.js'
import {sanitizeLine} from '../../base/sanitize.js'
import type {Column} from '../../output/render.js'

/** The 15 unicode reactions the service takes, in the app's order. */
export const REACTIONS = ['❤️', '👍', '🤣', '🎉', '🔥', '😮', '👀', '😭', '🥺', '🙏', '💀', '🫶', '🤬', '💅', '🫠'] as const

/** Variation selector 16: `❤` and `❤️` are the same reaction as typed. */
const VS16 = /\uFE0F/g

/**
 * EMOJI as the service takes it: none for a plain like, one of the 15, or `pack:ID:INDEX` for a
 * GroupMe emoji. Anything else is exit 2 before any request, listing the 15.
 */
export function parseReaction(emoji: string | undefined): LikeIcon | undefined {
  if (emoji === undefined) return undefined
  const pack = /^pack:(\d{1,9}):(\d{1,9})$/.exec(emoji.trim())
  if (pack) return {type: 'emoji', pack_id: Number(pack[1]), pack_index: Number(pack[2])}
  const typed = emoji.trim().replace(VS16, '')
  const code = REACTIONS.find((reaction) => reaction.replace(VS16, '') === typed)
  if (code) return {type: 'unicode', code}
  throw new UsageError(`EMOJI ${JSON.stringify(sanitizeLine(emoji))} is not a reaction GroupMe takes: use one of ${REACTIONS.join(' ')}, or pack:ID:INDEX for a GroupMe emoji`)
}

/** How a reaction is named: its emoji, `pack:ID:INDEX`, or `like`. */
export function reactionLabel(icon: LikeIcon | undefined): string {
  if (!icon) return 'like'
  return icon.type === 'unicode' ? icon.code : `pack:${icon.pack_id}:${icon.pack_index}`
}

export interface ReactionChange {
  conversation_id: string
  message_id: string
  /** The emoji, pack:ID:INDEX, or like; undefined when it was taken away. */
  reaction?: string
  request: string
}

/** A like or reaction as a record prints it. */
export const reactionColumns: Column<ReactionChange>[] = [
  {header: 'conversation id', value: (change) => change.conversation_id},
  {header: 'message id', value: (change) => change.message_id},
  {header: 'reaction', value: (change) => change.reaction ?? ''},
  {header: 'request', value: (change) => change.request},
]

/** Like or react as me (a new reaction replaces my earlier one, on the service); `dryRun` sends nothing. */
export async function reactToMessage(
  client: GroupMeApi,
  options: {conversationId: string; messageId: string; icon?: LikeIcon; dryRun?: boolean},
): Promise<ReactionChange> {
  const {conversationId, messageId, icon} = options
  const body = icon ? ` ${JSON.stringify({like_icon: icon})}` : ''
  const change = {conversation_id: conversationId, message_id: messageId, reaction: reactionLabel(icon), request: `POST /messages/${conversationId}/${messageId}/like${body}`}
  if (!options.dryRun) await client.react(conversationId, messageId, icon)
  return change
}

/** Take my like or reaction away; `dryRun` sends nothing. */
export async function removeReaction(client: GroupMeApi, options: {conversationId: string; messageId: string; dryRun?: boolean}): Promise<ReactionChange> {
  const {conversationId, messageId} = options
  if (!options.dryRun) await client.unreact(conversationId, messageId)
  return {conversation_id: conversationId, message_id: messageId, request: `POST /messages/${conversationId}/${messageId}/unlike`}
}

/**
 * A message's reactions as a column reads them: each emoji with its count (`❤️ 2 🔥 1`), a GroupMe
 * emoji as `pack:ID:INDEX`, and plain likes (in favorited_by but in no reaction) as `♥ N`.
 */
export function reactionSummary(message: Message): string {
  const reactions = Array.isArray(message.reactions) ? (message.reactions as Array<Record<string, unknown>>) : []
  const parts: string[] = []
  const reacted = new Set<string>()
  for (const reaction of reactions) {
    const users = Array.isArray(reaction.user_ids) ? reaction.user_ids.map(String) : []
    for (const user of users) reacted.add(user)
    const label = reaction.type === 'emoji' ? `pack:${String(reaction.pack_id)}:${String(reaction.pack_index)}` : String(reaction.code ?? '')
    if (label !== '' && users.length > 0) parts.push(`${label} ${users.length}`)
  }

  const likers = Array.isArray(message.favorited_by) ? message.favorited_by.map(String) : []
  const plain = likers.filter((user) => !reacted.has(user)).length
  if (plain > 0) parts.push(`♥ ${plain}`)
  return parts.join(' ')
}
