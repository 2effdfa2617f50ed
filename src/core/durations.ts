import {UsageError} from '../base/errors.js'

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/
const UNIT_MS: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000}

export interface DurationOptions {
  /** `0` is accepted (`--dedupe-window 0`: no look-back). */
  zero?: boolean
  /** The longest accepted, in ms. */
  maxMs?: number
}

/**
 * A span typed as a number and a unit, in milliseconds: `250ms`, `90s`, `5m`, `1.5h`, `7d`, `2w`.
 * One grammar for every duration flag (`dm watch --poll`, `archive sync --refresh`,
 * `dm send --dedupe-window`); a bare number is refused, since a unit cannot be guessed.
 */
export function parseDuration(value: string, flag: string, options: DurationOptions = {}): number {
  const trimmed = value.trim()
  if (options.zero && trimmed === '0') return 0
  const match = DURATION.exec(trimmed)
  const ms = match ? Math.round(Number(match[1]) * UNIT_MS[match[2]]) : Number.NaN
  if (!Number.isSafeInteger(ms) || ms <= 0 || (options.maxMs !== undefined && ms > options.maxMs)) {
    const longest = options.maxMs === undefined ? '' : ` of at most ${options.maxMs / UNIT_MS.d} days`
    throw new UsageError(`${flag} must be a duration${longest} like 30s, 5m, 12h or 7d${options.zero ? ', or 0' : ''}, got ${JSON.stringify(value)}`)
  }

  return ms
}
