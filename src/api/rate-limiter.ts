/**
 * Spaces requests so the process stays at or below `maxPerSecond` (about 8/s
 * passes, about 10/s brings 429s: docs/service.md, Transport and auth). 0 switches the limit off,
 * for the local sandbox.
 */
export class RateLimiter {
  private nextSlot = 0
  private readonly intervalMs: number

  constructor(maxPerSecond: number) {
    this.intervalMs = maxPerSecond > 0 ? 1000 / maxPerSecond : 0
  }

  async take(): Promise<void> {
    if (this.intervalMs === 0) return
    const now = Date.now()
    const slot = Math.max(now, this.nextSlot)
    this.nextSlot = slot + this.intervalMs
    if (slot > now) await sleep(slot - now)
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, ms)
  })
}
