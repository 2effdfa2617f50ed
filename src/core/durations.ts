import {UsageError} from './errors.js'

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/
const UNIT_MS: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000}

/** `90s`, `5m`, `1h`, `250ms`, or a bare number of seconds, in milliseconds; zero is refused. */
export function parseDuration(value: string, flag: string): number {
  const match = DURATION.exec(value.trim())
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] ?? 's'] : Number.NaN
  if (!Number.isFinite(ms) || ms <= 0 || ms > 7 * 24 * UNIT_MS.h) {
    throw new UsageError(`${flag} must be a duration like 30s, 5m or 1h, got ${JSON.stringify(value)}`)
  }

  return Math.round(ms)
}
