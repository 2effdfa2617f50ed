import {UsageError} from '../core/errors.js'

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
export function requireUserId(value: string, what: string): string {
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

/** A user given by id, or by `@Name` to look up in the chat list. */
export type UserRef = {otherUserId: string} | {name: string}

export type ChatRef = {conversationId: string} | UserRef

/** Parse a USER argument: a numeric id or `@Name`. */
export function parseUserRef(value: string, what = 'USER'): UserRef {
  if (value.startsWith('@')) return {name: parseName(value, what)}
  return {otherUserId: requireUserId(value, what)}
}

/**
 * Parse a CHAT argument: a compound id `A+B`, the other user's id, or `@Name`.
 * A compound id is normalised to numeric order, so `118825642+93645911` works too.
 */
export function parseChatRef(value: string): ChatRef {
  const parts = value.split('+')
  if (parts.length === 1) return parseUserRef(value, 'CHAT')
  if (parts.length !== 2 || !parts.every(isNumericId)) {
    throw new UsageError(`CHAT must be a user id, @Name or a compound id like 93645911+118825642, got ${JSON.stringify(value)}`)
  }

  for (const part of parts) requireUserId(part, 'CHAT')
  if (parts[0] === parts[1]) throw new UsageError(`CHAT: a compound id joins two different users, got ${JSON.stringify(value)}`)
  return {conversationId: conversationId(parts[0], parts[1])}
}

function parseName(value: string, what: string): string {
  const name = value.slice(1).trim()
  if (name === '') throw new UsageError(`${what}: a name after @ is needed, e.g. @Bob`)
  return name
}

/** The other participant of a compound id, seen from `myUserId`. */
export function otherParticipant(compoundId: string, myUserId: string): string {
  const [a, b] = compoundId.split('+')
  return a === myUserId ? b : a
}
