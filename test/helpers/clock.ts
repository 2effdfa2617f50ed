import type {Clock, Timer} from '../../src/base/clock.js'

interface Scheduled {
  at: number
  /** Order of scheduling: two timers due at once run in the order they were set. */
  order: number
  run: () => void
  /** For `every`: the period. */
  period?: number
}

/**
 * A clock that moves only when the test says so (src/base/clock.ts): `advance(ms)` runs every
 * timer and sleep due on the way, in time order, letting the promise jobs each one starts run
 * before the next. With `skipWaits`, a sleep ends at once and moves the clock by its length (a
 * retry's backoff takes no real time, and the waits are recorded in `slept`).
 */
export class FakeClock implements Clock {
  /** Every sleep's length, in order. */
  readonly slept: number[] = []
  private time: number
  private order = 0
  private readonly scheduled = new Set<Scheduled>()

  constructor(
    start = 1_800_000_000_000,
    private readonly options: {skipWaits?: boolean} = {},
  ) {
    this.time = start
  }

  now(): number {
    return this.time
  }

  sleep(ms: number): Promise<void> {
    this.slept.push(ms)
    if (this.options.skipWaits) {
      this.time += Math.max(0, ms)
      return Promise.resolve()
    }

    return new Promise((resolve) => {
      this.after(ms, resolve)
    })
  }

  after(ms: number, run: () => void): Timer {
    return this.schedule({at: this.time + Math.max(0, ms), order: this.order++, run})
  }

  every(ms: number, run: () => void): Timer {
    const period = Math.max(1, ms)
    return this.schedule({at: this.time + period, order: this.order++, run, period})
  }

  /** Timers and sleeps not yet due. */
  get pending(): number {
    return this.scheduled.size
  }

  /** Move the clock `ms` forward, running what falls due on the way, each at its own time. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms
    await settle()
    for (;;) {
      const next = [...this.scheduled].filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at || a.order - b.order)[0]
      if (!next) break
      this.time = next.at
      if (next.period === undefined) this.scheduled.delete(next)
      else next.at += next.period
      next.run()
      await settle()
    }

    this.time = end
    await settle()
  }

  private schedule(timer: Scheduled): Timer {
    this.scheduled.add(timer)
    return {cancel: () => this.scheduled.delete(timer)}
  }
}

/** Let the promise jobs already started run (a macrotask turn drains every microtask before it). */
export function settle(): Promise<void> {
  return new Promise((resolve) => {
    setImmediate(resolve)
  })
}
