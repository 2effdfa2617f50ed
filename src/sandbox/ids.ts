/**
 * The sandbox's own id rules, written apart from the CLI's (src/api/ids.ts) on purpose: a fake
 * that shared the CLI's comparison would make the same mistake the tests are there to catch.
 * Ids are digit strings of any length, compared as whole numbers.
 */
export function isNumericId(value: string): boolean {
  return /^[0-9]{1,30}$/.test(value)
}

/** Negative when `a` is the smaller number: fewer significant digits, or the same count and smaller digits. */
export function compareIds(a: string, b: string): number {
  const left = a.replace(/^0+(?=.)/, '')
  const right = b.replace(/^0+(?=.)/, '')
  if (left.length !== right.length) return left.length - right.length
  return left === right ? 0 : left < right ? -1 : 1
}

/** The compound id of a DM: the two user ids, smaller number first, joined by `+`. */
export function conversationId(userA: string, userB: string): string {
  return compareIds(userA, userB) <= 0 ? `${userA}+${userB}` : `${userB}+${userA}`
}
