/**
 * Spaces requests so the process stays at or below `maxPerSecond` (about 8/s passes, about 10/s
 * brings 429s: docs/service.md, Transport and auth). 0 switches the limit off, for the local sandbox.
 *
 * Adaptive: every request of the process shares one limiter, so a 429 or 420 on any of them
 * (`slowDown`) halves the pace for all; each answer that is not one (`recover`) brings the pace a
 * step back towards the configured one. Concurrent walks (`archive sync`) then back off together
 * instead of each hammering on.
 */
export class RateLimiter {
  private nextSlot = 0
  private readonly baseIntervalMs: number
  private intervalMs: number
  private slowedAt = Number.NEGATIVE_INFINITY

  constructor(maxPerSecond: number) {
    this.baseIntervalMs = maxPerSecond > 0 ? 1000 / maxPerSecond : 0
    this.intervalMs = this.baseIntervalMs
  }

  /** The current pace, in requests per second; Infinity when unlimited. */
  get perSecond(): number {
    return this.intervalMs === 0 ? Number.POSITIVE_INFINITY : 1000 / this.intervalMs
  }

  async take(): Promise<void> {
    if (this.intervalMs === 0) return
    const now = Date.now()
    const slot = Math.max(now, this.nextSlot)
    this.nextSlot = slot + this.intervalMs
    if (slot > now) await sleep(slot - now)
  }

  /**
   * The service said "too fast": half the pace, at worst one request every SLOWEST_INTERVAL_MS.
   * The requests in flight when it happened are answered 429 together: they count once a second.
   */
  slowDown(now = Date.now()): void {
    if (now - this.slowedAt < PENALTY_WINDOW_MS) return
    this.slowedAt = now
    this.intervalMs = Math.min(SLOWEST_INTERVAL_MS, Math.max(this.intervalMs * 2, FIRST_PENALTY_MS))
  }

  /** An answer that was not a 429: a step (5%) back towards the configured pace. */
  recover(): void {
    if (this.intervalMs === this.baseIntervalMs) return
    const next = this.intervalMs * RECOVERY_FACTOR
    this.intervalMs = next <= this.baseIntervalMs || next < FIRST_PENALTY_MS / 2 ? this.baseIntervalMs : next
  }
}

/** With no limit set (the sandbox), the first 429 starts spacing at 8 a second. */
const FIRST_PENALTY_MS = 125
const SLOWEST_INTERVAL_MS = 4000
const RECOVERY_FACTOR = 0.95
const PENALTY_WINDOW_MS = 1000

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, ms)
  })
}
