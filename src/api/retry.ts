/** When and how long to wait before trying a request again. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
  /** The most a `Retry-After` may make us wait; a longer ask is cut to this. */
  maxRetryAfterMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 300,
  maxDelayMs: 8000,
  maxRetryAfterMs: 30_000,
}

/**
 * 420 is the old "enhance your calm"; some clients see it for rate limiting
 * (docs/service.md, Transport and auth).
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 420 || status === 429 || status >= 500
}

/** Exponential backoff with full jitter, or the wait the service asked for (parseRetryAfterMs), capped either way. */
export function retryDelayMs(policy: RetryPolicy, attempt: number, askedMs?: number, random = Math.random): number {
  if (askedMs !== undefined) return Math.min(askedMs, policy.maxRetryAfterMs)
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}

/** Retry-After is either delta-seconds or an HTTP date, read at `now` (the clock's). */
export function parseRetryAfterMs(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
