/** How times are written: relative on a terminal (as gh does), ISO 8601 with the offset in a pipe. */
export type TimeStyle = 'relative' | 'iso'

export interface TimeOptions {
  style: TimeStyle
  /** The clock's now, in epoch milliseconds. */
  now: number
  /** An IANA zone (TZ); undefined means the process's local zone. */
  timeZone?: string
}

/** Unix seconds to text; '' for a missing time. */
export type TimeFormat = (seconds: number | null | undefined) => string

const MINUTE = 60
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** Older than this, a terminal shows the date and time with its offset instead of "about N days ago". */
const RELATIVE_LIMIT = 30 * DAY

/**
 * A formatter for one run's output. On a terminal: "less than a minute ago", "about 3 hours ago",
 * "about 12 days ago" (gh's wording), and for anything older `2026-10-20 09:45 +02:00`. Otherwise
 * `2026-10-20T09:45:00+02:00`: sortable, and unambiguous wherever it is read.
 */
export function timeFormat({style, now, timeZone}: TimeOptions): TimeFormat {
  const offsetOf = offsetFinder(timeZone)
  return (seconds) => {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return ''
    const ms = seconds * 1000
    if (style === 'relative') {
      const ago = (now - ms) / 1000
      if (ago < RELATIVE_LIMIT) return fuzzyAgo(ago)
    }

    const offset = offsetOf(ms)
    const wall = new Date(ms + offset * 60_000)
    const date = `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`
    const clock = `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`
    return style === 'iso' ? `${date}T${clock}:${pad(wall.getUTCSeconds())}${offsetText(offset)}` : `${date} ${clock} ${offsetText(offset)}`
  }
}

/** Unix seconds in UTC to the second, `2026-10-20T07:45:00Z`: for records read by programs, whatever the zone. */
export function utcIso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z')
}

/** gh's text.FuzzyAgo, up to 30 days; a time in the future (a skewed clock) reads as just now. */
function fuzzyAgo(seconds: number): string {
  if (seconds < MINUTE) return 'less than a minute ago'
  if (seconds < HOUR) return about(Math.floor(seconds / MINUTE), 'minute')
  if (seconds < DAY) return about(Math.floor(seconds / HOUR), 'hour')
  return about(Math.floor(seconds / DAY), 'day')
}

function about(count: number, unit: string): string {
  return `about ${count} ${unit}${count === 1 ? '' : 's'} ago`
}

/**
 * Minutes east of UTC at an instant: the process's own zone, or a named one through Intl. A TZ
 * that Intl does not know (a POSIX rule such as `UTC0`) is left to the process, which reads it too.
 */
export function offsetFinder(timeZone: string | undefined): (ms: number) => number {
  const local = (ms: number) => -new Date(ms).getTimezoneOffset()
  if (timeZone === undefined) return local
  let format: Intl.DateTimeFormat
  try {
    format = new Intl.DateTimeFormat('en-US', {timeZone, timeZoneName: 'longOffset'})
  } catch {
    return local
  }

  // Zones change offset only at quarter hours: one Intl call a quarter hour, not one a time.
  const offsets = new Map<number, number>()
  return (ms) => {
    const quarter = Math.floor(ms / 900_000)
    let offset = offsets.get(quarter)
    if (offset === undefined) {
      offset = intlOffset(format, ms)
      offsets.set(quarter, offset)
    }

    return offset
  }
}

/** `GMT+05:30` → 330; plain `GMT` is UTC. */
function intlOffset(format: Intl.DateTimeFormat, ms: number): number {
  const name = format.formatToParts(ms).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT'
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name)
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0
}

/** `+02:00`; UTC is `+00:00`, the same shape as every other zone. */
export function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+'
  const absolute = Math.abs(minutes)
  return `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`
}

function pad(value: number): string {
  return String(value).padStart(2, '0')
}
