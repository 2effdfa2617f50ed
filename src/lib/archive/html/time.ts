/**
 * Times on the pages: local time of the machine that writes the site (TZ, else the system's
 * zone), with the zone named on every page (docs/decisions/0037-archive-html-times-rendered-when-the-site-is-written-in.md). Fixed
 * formats in English, so a page does not change with the locale of the machine that wrote it.
 */
import {offsetFinder, offsetText, utcIso} from '../../../output/time.js'

export interface LocalTime {
  /** `2026-10-01`: groups messages by day. */
  day: string
  /** `Thursday 1 October 2026` */
  dayLabel: string
  /** `11:00` */
  clock: string
  /** `2026-10-01 11:00:00 GMT+02:00`: the exact time, for a tooltip or a search hit. */
  full: string
  /** UTC, for `<time datetime>`. */
  iso: string
}

const QUARTER_HOUR = 15 * 60

export class LocalClock {
  readonly zone: string
  /** Minutes east of UTC at an instant, as every other time the CLI prints (output/time.ts). */
  private readonly offsetOf: (ms: number) => number
  private readonly labels: Intl.DateTimeFormat
  private readonly months = new Intl.DateTimeFormat('en-GB', {timeZone: 'UTC', month: 'long', year: 'numeric'})
  private readonly offsetCache = new Map<number, {minutes: number; name: string}>()
  private readonly labelCache = new Map<string, string>()
  // A page asks for the same message's time several times in a row (its day, its line, the next one's grouping).
  private recent: Array<{seconds: number; time: LocalTime}> = []

  constructor(timeZone?: string) {
    this.offsetOf = offsetFinder(timeZone)
    this.zone = zoneName(timeZone, this.offsetOf)
    this.labels = new Intl.DateTimeFormat('en-GB', {timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric'})
  }

  /** `2026-10` as `October 2026`. */
  monthLabel(month: string): string {
    return this.months.format(new Date(`${month}-01T00:00:00Z`))
  }

  at(seconds: number): LocalTime {
    const cached = this.recent.find((entry) => entry.seconds === seconds)
    if (cached) return cached.time
    const time = this.compute(seconds)
    this.recent = [{seconds, time}, ...this.recent.slice(0, 1)]
    return time
  }

  private compute(seconds: number): LocalTime {
    const {minutes, name} = this.offset(seconds)
    const local = new Date((seconds + minutes * 60) * 1000)
    const day = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`
    const clock = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`
    let dayLabel = this.labelCache.get(day)
    if (dayLabel === undefined) {
      dayLabel = this.labels.format(local).replace(',', '')
      this.labelCache.set(day, dayLabel)
    }

    return {day, dayLabel, clock, full: `${day} ${clock}:${pad(local.getUTCSeconds())} ${name}`, iso: utcIso(seconds)}
  }

  /**
   * The zone's offset at a moment, and its name (`GMT+02:00`; UTC is `GMT+00:00`). Asked once per
   * quarter of an hour: zones change their offset on quarter-hour boundaries.
   */
  private offset(seconds: number): {minutes: number; name: string} {
    const bucket = Math.floor(seconds / QUARTER_HOUR)
    let found = this.offsetCache.get(bucket)
    if (found === undefined) {
      const minutes = this.offsetOf(bucket * QUARTER_HOUR * 1000)
      found = {minutes, name: `GMT${offsetText(minutes)}`}
      this.offsetCache.set(bucket, found)
    }

    return found
  }
}

/**
 * A TZ that Intl does not take as a zone name (a POSIX rule, `:/etc/localtime`) leaves the process's own zone.
 * The zone's name as the system resolves it; a TZ it resolves to no name (`:/etc/localtime` on some
 * systems, `UTC+99`) is named by the offset it gives now, with the TZ as set.
 */
function zoneName(timeZone: string | undefined, offsetOf: (ms: number) => number): string {
  let named: string | undefined
  try {
    named = new Intl.DateTimeFormat('en-GB', {timeZone}).resolvedOptions().timeZone
  } catch {
    named = new Intl.DateTimeFormat('en-GB').resolvedOptions().timeZone
  }

  if (named) return named
  // The TZ as set, shown only in the characters a zone has: it goes into every page.
  return `UTC${offsetText(offsetOf(Date.now()))}${timeZone ? ` (TZ=${timeZone.replaceAll(/[^\w:/+.-]/g, '?')})` : ''}`
}

function pad(value: number): string {
  return String(value).padStart(2, '0')
}
