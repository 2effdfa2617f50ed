/**
 * Time, for everything that waits, measures or schedules: the real one, or a test's
 * (test/helpers/clock.ts). The transport, its retries and rate limiter, the push connection and
 * `dm watch` take one and read no other; test/unit/architecture.test.ts checks that nothing in
 * src/api or src/lib/dm/watch reads the real clock past it.
 */
import {setTimeout as sleepFor} from 'node:timers/promises'

/** A scheduled call, until cancelled. */
export interface Timer {
  cancel(): void
}

export interface Clock {
  /** Epoch milliseconds. */
  now(): number
  sleep(ms: number): Promise<void>
  /**
   * Call `run` once after `ms`. `background`: the timer alone does not keep the process running
   * (Node's unref), for work that only matters while something else does.
   */
  after(ms: number, run: () => void, options?: {background?: boolean}): Timer
  /** Call `run` every `ms`, until cancelled. */
  every(ms: number, run: () => void): Timer
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => sleepFor(ms),
  after(ms, run, options) {
    const timer = setTimeout(run, ms)
    if (options?.background) timer.unref()
    return {cancel: () => clearTimeout(timer)}
  },
  every(ms, run) {
    const timer = setInterval(run, ms)
    return {cancel: () => clearInterval(timer)}
  },
}
