import type {Clock} from '../base/clock.js'

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
  private queue: Promise<void> = Promise.resolve()
  private releasedAt = Number.NEGATIVE_INFINITY
  private readonly baseIntervalMs: number
  private intervalMs: number
  private slowedAt = Number.NEGATIVE_INFINITY

  constructor(
    maxPerSecond: number,
    private readonly clock: Clock,
  ) {
    this.baseIntervalMs = maxPerSecond > 0 ? 1000 / maxPerSecond : 0
    this.intervalMs = this.baseIntervalMs
  }

  /** The current pace, in requests per second; Infinity when unlimited. */
  get perSecond(): number {
    return this.intervalMs === 0 ? Number.POSITIVE_INFINITY : 1000 / this.intervalMs
  }

  /**
   * Wait for this request's turn. Turns are taken one after another, each at least the interval
   * after the previous one was actually released: a process that was busy (a large page, a loaded
   * machine) and wakes late never lets the waiting requests out in a burst.
   */
  take(): Promise<void> {
    if (this.intervalMs === 0) return Promise.resolve()
    const turn = this.queue.then(async () => {
      const wait = this.releasedAt + this.intervalMs - this.clock.now()
      if (wait > 0) await this.clock.sleep(wait)
      this.releasedAt = this.clock.now()
    })
    this.queue = turn
    return turn
  }

  /**
   * The service said "too fast": half the pace, at worst one request every SLOWEST_INTERVAL_MS.
   * The requests in flight when it happened are answered 429 together: they count once a second.
   */
  slowDown(now = this.clock.now()): void {
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

