/**
 * JSON without rounding. Node 20's JSON.parse turns 174700000000000123 into 174700000000000130,
 * and has neither source access in revivers nor JSON.rawJSON. So an integer literal past 2^53 is
 * parsed as its digit string, and the object holding it remembers that the service sent a bare
 * number there; `stringifyJson` writes such a field back as the same bare number. The CLI reads
 * ids as strings, `--json` and the export file print what the service sent, digit for digit
 * (docs/decisions/0017-lossless-json-ids-past-2-53-are-strings-inside-and-the.md).
 */
import {randomBytes} from 'node:crypto'

/** For an object or array: the keys whose string value was a bare number in the service's JSON. */
const bareNumbers = new WeakMap<object, Set<string>>()

/** A string no service text can hold: a NUL (JSON escapes it) and a tag chosen per process. */
const PLACEHOLDER = `\u0000${randomBytes(6).toString('hex')}:`
const PLACEHOLDER_IN_TEXT = new RegExp(`"\\\\u0000${PLACEHOLDER.slice(1, -1)}:(-?\\d+)"`, 'g')

/** A number literal of 16 digits or more outside a string (any digits there belong to a number). */
const MAYBE_BIG_INTEGER = /(?:^|[:,[])\s*-?\d{16}/
/** Strings are matched whole so that digits inside them are skipped; then integer literals of 16+ digits. */
const STRING_OR_LONG_INTEGER = /"[^"\\]*(?:\\.[^"\\]*)*"|(?<![\d.eE+-])-?\d{16,}(?![.eE\d])/g

/** Whether any bare number has been kept as a string in this process: until then, stringify is plain. */
let anyBare = false

/**
 * Deeper than this is no answer of the service's and no input of a person's: JSON.parse reads a
 * million levels, but every walk over the value after it (stringify, --json FIELDS, sanitising)
 * recurses and overflows the stack, an "unexpected error".
 */
const MAX_JSON_DEPTH = 1000

/** The error for JSON nested past MAX_JSON_DEPTH: a SyntaxError, so callers treat it as JSON they cannot read. */
export class JsonTooDeepError extends SyntaxError {
  constructor() {
    super(`the JSON is nested deeper than ${MAX_JSON_DEPTH} levels`)
  }
}

/** Whether `text` nests arrays and objects past `limit`, brackets in strings not counted. */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (inString) {
      if (code === 0x5c) i++
      else if (code === 0x22) inString = false
    } else if (code === 0x22) {
      inString = true
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > limit) return true
    } else if (code === 0x5d || code === 0x7d) {
      depth--
    }
  }

  return false
}

/** JSON.parse, except that integers past 2^53 keep every digit (as strings, marked as bare numbers). */
export function parseJsonLossless(text: string): unknown {
  // A thousand levels need a thousand bytes: most answers are shorter, and skip the scan.
  if (text.length > MAX_JSON_DEPTH && nestsDeeperThan(text, MAX_JSON_DEPTH)) throw new JsonTooDeepError()
  if (!MAYBE_BIG_INTEGER.test(text)) return JSON.parse(text)
  let found = false
  const marked = text.replace(STRING_OR_LONG_INTEGER, (token) => {
    if (token.startsWith('"') || Number.isSafeInteger(Number(token))) return token
    found = true
    return `"\\u0000${PLACEHOLDER.slice(1)}${token}"`
  })
  if (!found) return JSON.parse(text)
  return JSON.parse(marked, function (this: object, key: string, value: unknown) {
    if (typeof value !== 'string' || !value.startsWith(PLACEHOLDER)) return value
    markBareNumber(this, key)
    return value.slice(PLACEHOLDER.length)
  })
}

/** Record that `holder[key]`, now a digit string, is to be written as a bare number. */
export function markBareNumber(holder: object, key: string): void {
  const marks = bareNumbers.get(holder)
  if (marks) marks.add(key)
  else bareNumbers.set(holder, new Set([key]))
  anyBare = true
}

/** Whether `holder[key]` was a bare number in the service's JSON. */
function wasBareNumber(holder: object, key: string): boolean {
  return bareNumbers.get(holder)?.has(key) === true
}

/**
 * JSON.stringify, except that fields the service sent as bare numbers are written as bare
 * numbers again, every digit kept. The one serializer of the output layer and the export writer.
 */
export function stringifyJson(value: unknown, indent?: number): string {
  if (!anyBare) return JSON.stringify(value, null, indent)
  const text = JSON.stringify(
    value,
    function (this: object, key: string, field: unknown) {
      return typeof field === 'string' && wasBareNumber(this, key) && /^-?\d+$/.test(field) ? PLACEHOLDER + field : field
    },
    indent,
  )
  return text.replace(PLACEHOLDER_IN_TEXT, '$1')
}

/** Copy `from[key]` to `to[toKey]`, remembering a bare number as one (for `--json FIELDS`). */
export function copyField(from: object, key: string, to: Record<string, unknown>, toKey: string): void {
  to[toKey] = (from as Record<string, unknown>)[key]
  if (wasBareNumber(from, key)) markBareNumber(to, toKey)
}
