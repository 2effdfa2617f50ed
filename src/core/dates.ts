import {UsageError} from '../base/errors.js'

/** A date given on the command line: canonical ISO form (UTC) and epoch milliseconds. */
export interface DateBound {
  iso: string
  ms: number
}

// A date, or a date and time; a zone (Z or ±hh:mm) only with a time. Date.parse alone accepts 2026-02-30.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i

/**
 * Parse `--since`, `--until`, `--before`: an ISO 8601 date or date-time. Without a zone it is
 * local time, like the times the tables show; `Z` or an offset makes it absolute.
 */
export function parseDate(value: string, flag: string): DateBound {
  const match = ISO_DATE.exec(value.trim())
  const invalid = () => new UsageError(`${flag} must be an ISO date like 2026-10-01 or 2026-10-01T09:30:00Z, got ${JSON.stringify(value)}`)
  if (!match) throw invalid()
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map((part) => Number(part ?? 0))
  const millis = Number((match[7] ?? '0').padEnd(3, '0').slice(0, 3))
  const zone = match[8]
  const offset = zone === undefined ? 0 : offsetMinutes(zone)
  if (offset === undefined) throw invalid()
  // Build the wall-clock time in UTC to check each field (no rollover), then place it in its zone.
  const wall = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis))
  const fits =
    wall.getUTCFullYear() === year && wall.getUTCMonth() === month - 1 && wall.getUTCDate() === day &&
    wall.getUTCHours() === hour && wall.getUTCMinutes() === minute && wall.getUTCSeconds() === second
  if (!fits) throw invalid()
  const ms = zone === undefined ? new Date(year, month - 1, day, hour, minute, second, millis).getTime() : wall.getTime() - offset * 60_000
  return {iso: new Date(ms).toISOString(), ms}
}

/** Minutes east of UTC; undefined when out of range. */
function offsetMinutes(zone: string): number | undefined {
  if (zone.toUpperCase() === 'Z') return 0
  const digits = zone.slice(1).replace(':', '')
  const hours = Number(digits.slice(0, 2))
  const minutes = Number(digits.slice(2))
  if (hours > 23 || minutes > 59) return undefined
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes)
}

/** since <= created_at < until: consecutive ranges (--since A --until B, then --since B) neither overlap nor leave a gap. */
export function inRange(createdAtSeconds: number, since?: DateBound, until?: DateBound): boolean {
  const ms = createdAtSeconds * 1000
  return (since === undefined || ms >= since.ms) && (until === undefined || ms < until.ms)
}
