/**
 * The service's rules for likes and reactions (docs/actions.md, Likes and reactions), written apart
 * from the CLI's own check on purpose: one like or reaction per user per message, a new one
 * replacing the old, and only the 15 unicode reactions the app shows.
 */
/** One reaction on a message, with everyone who gave it. */
export interface Reaction {
  type: string
  code: string
  pack_id: number
  pack_index: number
  user_ids: string[]
}

/** The fields of a message that likes and reactions change. */
interface Liked {
  favorited_by: string[]
  reactions?: Reaction[]
}

/** What a like carries: nothing (a plain like), a unicode reaction, or a GroupMe emoji. */
export type LikeIcon = {type: 'unicode'; code: string} | {type: 'emoji'; pack_id: number; pack_index: number}

/** The unicode reactions the service takes, as the app offers them. */
const ACCEPTED_UNICODE = new Set('❤️ 👍 🤣 🎉 🔥 😮 👀 😭 🥺 🙏 💀 🫶 🤬 💅 🫠'.split(' '))

/** The like_icon of a like's body: undefined for none, or an error line for one the service refuses. */
export function readLikeIcon(body: unknown): {icon?: LikeIcon} | {error: string} {
  const icon = typeof body === 'object' && body !== null ? (body as {like_icon?: unknown}).like_icon : undefined
  if (icon === undefined || icon === null) return {}
  if (typeof icon !== 'object') return {error: 'like_icon must be an object'}
  const {type, code, pack_id: packId, pack_index: packIndex} = icon as Record<string, unknown>
  if (type === 'unicode' && typeof code === 'string' && ACCEPTED_UNICODE.has(code)) return {icon: {type, code}}
  if (type === 'emoji' && Number.isInteger(packId) && Number.isInteger(packIndex) && (packId as number) >= 0 && (packIndex as number) >= 0) {
    return {icon: {type, pack_id: packId as number, pack_index: packIndex as number}}
  }

  return {error: 'invalid like_icon'}
}

/** `userId`'s like (with `icon`, a reaction) replaces any earlier one of theirs; undefined `icon` with `remove` takes it away. */
export function setReaction(message: Liked, userId: string, change: {icon?: LikeIcon; remove?: boolean}): void {
  const kept = (message.reactions ?? [])
    .map((reaction) => ({...reaction, user_ids: reaction.user_ids.filter((id) => id !== userId)}))
    .filter((reaction) => reaction.user_ids.length > 0)
  const others = message.favorited_by.filter((id) => id !== userId)
  message.favorited_by = change.remove ? others : [...others, userId]
  const {icon} = change
  if (icon && !change.remove) {
    const same = kept.find((reaction) => sameIcon(reaction, icon))
    if (same) same.user_ids.push(userId)
    else kept.push(icon.type === 'unicode' ? {type: 'unicode', code: icon.code, pack_id: 0, pack_index: 0, user_ids: [userId]} : {...icon, code: '', user_ids: [userId]})
  }

  // `reactions` is present only when there are some (docs/actions.md).
  if (kept.length > 0) message.reactions = kept
  else delete message.reactions
}

function sameIcon(reaction: Reaction, icon: LikeIcon): boolean {
  if (icon.type === 'unicode') return reaction.type === 'unicode' && reaction.code === icon.code
  return reaction.type === 'emoji' && reaction.pack_id === icon.pack_id && reaction.pack_index === icon.pack_index
}
