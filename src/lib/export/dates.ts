import {UsageError} from '../errors.js'

/** A --since/--until bound: the canonical ISO form (stored in the checkpoint) and epoch milliseconds. */
export interface DateBound {
  iso: string
  ms: number
}

// Date, or date and time; an offset only with a time. Date.parse alone accepts 2026-02-30.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/

/** Parse an ISO 8601 date or date-time. Without an offset it is UTC, so a cron job means the same in any zone. */
export function parseIsoDate(value: string, flag: string): DateBound {
  const match = ISO_DATE.exec(value.trim())
  const invalid = () => new UsageError(`${flag} must be an ISO date like 2026-10-01 or 2026-10-01T09:30:00Z, got ${JSON.stringify(value)}`)
  if (!match) throw invalid()
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map((part) => Number(part ?? 0))
  const millis = Number((match[7] ?? '0').padEnd(3, '0').slice(0, 3))
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis)
  const check = new Date(local)
  const fits =
    check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day &&
    check.getUTCHours() === hour && check.getUTCMinutes() === minute && check.getUTCSeconds() === second
  if (!fits) throw invalid()
  const offset = offsetMinutes(match[8])
  if (offset === undefined) throw invalid()
  const ms = local - offset * 60_000
  return {iso: new Date(ms).toISOString(), ms}
}

/** Minutes east of UTC; undefined when out of range. */
function offsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === 'Z') return 0
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
