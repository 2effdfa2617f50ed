import {editDistance, typoBudget} from '../../core/suggest.js'

/** Someone you have a chat with, as the chat list names them. */
export interface Person {
  id: string
  /** As the tables show it: control characters removed, trimmed. */
  name: string
}

export type NameMatch =
  /** exact: the name as typed, not only in another case or as a first name. */
  | {kind: 'one'; person: Person; exact: boolean}
  | {kind: 'ambiguous'; candidates: Person[]}
  | {kind: 'unknown'; closeMatches: Person[]}

const firstName = (name: string) => name.split(/\s+/)[0]

/**
 * Find `@Name` among the people you have chats with, as people type names: the exact name; else
 * the name in any case, if only one person has it; else a first name only one person has (`@alice`
 * for "Alice Example"). Only then is it ambiguous (`@bob` with a "Bob" and a "BOB"), and a name
 * nobody has gets the close ones: a typo away (`@Alcie`), or holding what was typed (`@example`).
 */
export function matchName(wanted: string, people: readonly Person[]): NameMatch {
  const lower = wanted.toLowerCase()
  const tiers = [
    people.filter((person) => person.name === wanted),
    people.filter((person) => person.name.toLowerCase() === lower),
    people.filter((person) => firstName(person.name).toLowerCase() === lower),
  ]
  for (const [index, tier] of tiers.entries()) if (tier.length === 1) return {kind: 'one', person: tier[0], exact: index === 0}
  const ambiguous = tiers.find((tier) => tier.length > 1)
  if (ambiguous) return {kind: 'ambiguous', candidates: ambiguous}
  const budget = typoBudget(wanted)
  const closeness = (person: Person) =>
    person.name.toLowerCase().includes(lower) ? 0 : Math.min(editDistance(wanted, person.name), editDistance(wanted, firstName(person.name)))
  const closeMatches = people
    .map((person) => ({person, distance: closeness(person)}))
    .filter(({distance}) => distance <= budget)
    .sort((a, b) => a.distance - b.distance)
    .map(({person}) => person)
  return {kind: 'unknown', closeMatches}
}
