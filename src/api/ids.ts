import {UsageError} from '../base/errors.js'

/**
 * Ids stay strings end to end: message ids are 18 digits, beyond 2^53 (docs/service.md, Messages).
 * Comparison goes through BigInt, never Number.
 */
const NUMERIC_ID = /^\d{1,30}$/

export function isNumericId(value: string): boolean {
  return NUMERIC_ID.test(value)
}

/**
 * An id typed by the user, as the service writes ids: digits without leading zeros. `0123` is
 * refused rather than read as `123`: it is a different string on the service, and a typo.
 */
export function requireNumericId(value: string, what: string): string {
  if (!isNumericId(value)) {
    throw new UsageError(`${what} must be a numeric id, got ${JSON.stringify(value)}`)
  }

  if (value.length > 1 && value.startsWith('0')) {
    throw new UsageError(`${what} must be written without leading zeros, got ${JSON.stringify(value)}`)
  }

  return value
}

/** A user id typed by the user: a numeric id, and never 0 (no user has it). */
function requireUserId(value: string, what: string): string {
  requireNumericId(value, what)
  if (value === '0') throw new UsageError(`${what}: 0 is no user's id`)
  return value
}

/** Sort comparator: negative when a < b, as numbers of any size. */
export function compareIds(a: string, b: string): number {
  // Digit strings of equal length compare as numbers do; that skips BigInt on the hot path.
  if (a.length === b.length) return a < b ? -1 : a > b ? 1 : 0
  const left = BigInt(a)
  const right = BigInt(b)
  return left < right ? -1 : left > right ? 1 : 0
}

export function maxId(a: string, b: string): string {
  return compareIds(a, b) >= 0 ? a : b
}

/** A DM's conversation id: both user ids sorted numerically and joined by `+` (docs/service.md, Deleting). */
export function conversationId(userA: string, userB: string): string {
  return [userA, userB].sort(compareIds).join('+')
}

/**
 * A user given by id, by `@Name` to look up in the chat list, or by the compound chat id that
 * `chats list` prints (the other user is the id that is not mine, checked against /users/me).
 */
export type UserRef = {otherUserId: string} | {name: string} | {conversationId: string}

/** A chat is named the same ways as the user on its other side. */
export type ChatRef = UserRef

/** Letters first, then letters, digits, spaces and the marks names have: shown back after an @. */
const LOOKS_LIKE_A_NAME = /^\p{L}[\p{L}\p{M}\p{N} .'’-]{0,63}$/u

/** Parse a USER argument: a numeric id, `@Name`, or a compound chat id `A+B` holding your own id. */
export function parseUserRef(value: string, what = 'USER'): UserRef {
  if (value.startsWith('@')) return {name: parseName(value, what)}
  // A name typed without its @ (`chats show Alice`): said as the fix, not as a bad number.
  if (LOOKS_LIKE_A_NAME.test(value)) throw new UsageError(`${what} ${JSON.stringify(value)} is not an id: did you mean @${value}?`)
  const parts = value.split('+')
  if (parts.length === 1) return {otherUserId: requireUserId(value, what)}
  if (parts.length !== 2 || !parts.every(isNumericId)) {
    throw new UsageError(`${what} must be a user id, @Name or a chat id like 93645911+118825642, got ${JSON.stringify(value)}`)
  }

  for (const part of parts) requireUserId(part, what)
  if (parts[0] === parts[1]) throw new UsageError(`${what}: a chat id joins two different users, got ${JSON.stringify(value)}`)
  return {conversationId: conversationId(parts[0], parts[1])}
}

/**
 * Parse a CHAT argument: a compound id `A+B`, the other user's id, or `@Name`.
 * A compound id is normalised to numeric order, so `118825642+93645911` works too.
 */
export function parseChatRef(value: string): ChatRef {
  return parseUserRef(value, 'CHAT')
}

function parseName(value: string, what: string): string {
  const name = value.slice(1).trim()
  if (name === '') throw new UsageError(`${what}: a name after @ is needed, e.g. @Bob`)
  return name
}

/**
 * The other participant of a compound id, seen from `myUserId`; a chat id that does not hold
 * my id is someone else's chat, refused (exit 2) rather than guessed.
 */
export function otherParticipant(compoundId: string, myUserId: string): string {
  const [a, b] = compoundId.split('+')
  if (a === myUserId) return b
  if (b === myUserId) return a
  throw new UsageError(`chat ${compoundId} is not one of yours: neither id is yours (${myUserId})`)
}
