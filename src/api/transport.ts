import {
  TokenRefusedError,
  type CliError,
  ConflictError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ServerError,
  UsageError,
} from '../base/errors.js'
import type {Clock} from '../base/clock.js'
import {FileError} from '../base/file-errors.js'
import {describeBody, envelopeErrors, isEnvelope, unwrap} from './envelope.js'
import {JsonTooDeepError, parseJsonLossless} from '../base/json.js'
import {RateLimiter} from './rate-limiter.js'
import {isRetryableStatus, parseRetryAfterMs, retryDelayMs, type RetryPolicy} from './retry.js'
import {BrokenAnswer} from './shapes.js'
import {type HttpRequest, type HttpResult, NoAnswer, type RawAnswer, type Wire, type WireAnswer} from './http.js'
import {gotWire} from './got-wire.js'

/**
 * The most an API answer may hold. The largest real answer is a page of 100 messages or 100
 * chats, well under 1 MiB; a bigger body is hostile or broken and is not read into memory
 * (docs/decisions/0021-size-caps-16-mib-per-api-answer-20-mib-per-image-sent-50.md).
 */
export const MAX_API_BODY_BYTES = 16 * 1024 * 1024

export interface TransportOptions {
  token: string
  /**
   * The most one attempt may take; a request with all its attempts and the waits between them
   * stops after DEADLINE_FACTOR times this, each attempt getting at most the time left.
   */
  timeoutMs: number
  maxRequestsPerSecond: number
  retry: RetryPolicy
  userAgent: string
  /** What the deadline, the waits between attempts and the rate limit read and sleep on. */
  clock: Clock
  /** What carries each attempt: got over HTTP unless a test gives the sandbox's in-process wire. */
  wire?: Wire
  /** Debug lines (method, URL, status, time); never given the token. */
  debug?: (line: string) => void
  /** A line for the user when a retry waits long enough to look like a hang. */
  notice?: (line: string) => void
}

/**
 * A request and all its retries stop after this many times --timeout: a stalled server costs at
 * most that, not once per attempt, and a send whose answer was late still gets one retry, whose
 * 409 says the first attempt arrived (docs/decisions/0020-timeout-and-the-request-deadline.md).
 */
const DEADLINE_FACTOR = 2

/** A Retry-After wait at least this long is announced, so a rate-limited run never looks hung. */
const ANNOUNCED_WAIT_MS = 2000

/** A success status with a broken body: retried like a 5xx, then `final` is the error. */
class BrokenAttempt extends Error {
  constructor(
    reason: string,
    readonly final: CliError,
  ) {
    super(reason)
  }
}

/**
 * The only place that talks HTTP and holds the token. The token goes in the X-Access-Token
 * header, never in a URL (docs/service.md, Transport and auth).
 */
export class Transport {
  private readonly limiter: RateLimiter
  private readonly wire: Wire

  constructor(private readonly options: TransportOptions) {
    this.limiter = new RateLimiter(options.maxRequestsPerSecond, options.clock)
    this.wire = options.wire ?? gotWire()
  }

  /** When a request started now would give up: DEADLINE_FACTOR times --timeout from now (ms since the epoch). */
  deadlineFromNow(): number {
    return this.options.clock.now() + DEADLINE_FACTOR * this.options.timeoutMs
  }

  async request<T = unknown>(request: HttpRequest<T>): Promise<HttpResult<T>> {
    const retryable = request.method === 'GET' || request.method === 'DELETE' || request.idempotent === true
    const {maxAttempts} = this.options.retry
    const deadlineMs = DEADLINE_FACTOR * this.options.timeoutMs
    const deadline = Math.min(this.options.clock.now() + deadlineMs, request.deadline ?? Number.POSITIVE_INFINITY)
    let mayHaveLanded = false
    for (let attempt = 1; ; attempt++) {
      const last = !retryable || attempt >= maxAttempts
      const left = deadline - this.options.clock.now()
      let failure: {reason: string; error: () => CliError; retryAfter?: string; refused?: boolean}
      try {
        if (left <= 0) throw new NoAnswer(deadlinePassed(deadlineMs), true)
        const response = await this.send(request, {attemptMs: Math.min(this.options.timeoutMs, left), deadlineMs, last: left <= this.options.timeoutMs}, attempt)
        const {statusCode: status} = response
        // One limiter for the process: a rate-limit answer slows every request down, others let it recover.
        if (status === 429 || status === 420) this.limiter.slowDown()
        else this.limiter.recover()
        // A status the caller handles is an outcome, not data: its error envelope is not decoded.
        const outcome = {status, attempt, earlierAttemptMayHaveLanded: mayHaveLanded}
        if (request.acceptStatuses?.includes(status)) return {...outcome, data: undefined}
        if (status < 300 || status === 304) {
          const contentType = headerValue(response.headers['content-type'])
          if (request.download) return {...outcome, contentType, data: undefined, downloadedBytes: response.downloadedBytes}
          if (request.raw) {
            const raw = rawAnswer(response)
            const broken = request.raw.broken?.(raw)
            if (broken === undefined) return {...outcome, contentType, data: undefined, raw}
            const what = `${describeRequest(request)}: the service sent a broken answer to a ${status} (${broken})${retryNote(attempt)}`
            throw new BrokenAttempt(`broken answer (${broken})`, new ServerError(what, {status}))
          }

          try {
            const decoded = decode(response)
            const data = request.expect ? request.expect(decoded, status) : (decoded as T | undefined)
            return {...outcome, contentType, data}
          } catch (error) {
            if (!(error instanceof BrokenAnswer)) throw error
            const what = `${describeRequest(request)}: the service sent a broken answer to a ${status} (${error.message})${retryNote(attempt)}`
            throw new BrokenAttempt(`broken answer (${error.message})`, new ServerError(what, {status}))
          }
        }

        if (!isRetryableStatus(status)) throw statusError(request, response, attempt)
        failure = {
          reason: String(status),
          error: () => statusError(request, response, attempt),
          retryAfter: headerValue(response.headers['retry-after']),
          // 429 and 420 refuse a request before it is carried out; a 5xx or 408 may come after.
          refused: status === 429 || status === 420,
        }
      } catch (error) {
        if (error instanceof NoAnswer) {
          const what = `${describeRequest(request)} failed: ${error.reason}${retryNote(attempt)}`
          if (error.final) throw new NetworkError(what)
          failure = {reason: error.reason, error: () => new NetworkError(what)}
        } else if (error instanceof BrokenAttempt) {
          const {final} = error
          failure = {reason: error.message, error: () => final}
        } else {
          throw error
        }
      }

      if (last) throw failure.error()
      if (!failure.refused) mayHaveLanded = true
      const delay = retryDelayMs(this.options.retry, attempt, parseRetryAfterMs(failure.retryAfter, this.options.clock.now()))
      if (this.options.clock.now() + delay >= deadline) {
        this.options.debug?.(`not retrying: the wait of ${delay} ms would pass the deadline of ${seconds(deadlineMs)} (twice --timeout)`)
        throw failure.error()
      }

      await this.wait(request, delay, failure.reason, failure.retryAfter)
    }
  }

  private async send(request: HttpRequest<unknown>, time: {attemptMs: number; deadlineMs: number; last: boolean}, attempt: number): Promise<WireAnswer> {
    await this.limiter.take()
    const started = this.options.clock.now()
    const url = withQuery(request.url, request.searchParams)
    this.options.debug?.(`--> ${request.method} ${url}${attempt > 1 ? ` (attempt ${attempt})` : ''}`)
    try {
      // Downloads are public files and carry no token (docs/service.md, Message objects in the wild),
      // except the file service's own (docs/actions.md, Files).
      // Names in lower case, so that a header the request gives replaces the fixed one of that name.
      const publicFile = request.download !== undefined && !request.download.withToken
      const headers: Record<string, string> = publicFile
        ? {'user-agent': this.options.userAgent}
        : {'user-agent': this.options.userAgent, 'x-access-token': this.options.token, accept: 'application/json'}
      for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value
      if (request.contentType) headers['content-type'] = request.contentType
      if (request.file) headers['content-length'] = String(request.file.size)
      const {method, json, body, file} = request
      const download = request.download && {to: request.download.to, maxBytes: request.download.maxBytes, followRedirects: publicFile}
      const response = await this.wire({method, url, headers, json, body, file, download, timeoutMs: time.attemptMs, maxBodyBytes: MAX_API_BODY_BYTES})
      this.options.debug?.(`<-- ${response.statusCode} ${request.method} ${url} (${this.options.clock.now() - started} ms)`)
      return response
    } catch (error) {
      if (error instanceof NoAnswer) {
        this.options.debug?.(`<-- ${error.reason} ${request.method} ${url} (${this.options.clock.now() - started} ms)`)
        throw error
      }

      // A local file that cannot be read or written (a full disk, no permission) is not the
      // network's fault, and trying again cannot help: it ends the request as the file error it is.
      const local = localFailure(error)
      if (local) throw local
      const failure = networkFailure(error, time)
      this.options.debug?.(`<-- ${failure.reason} ${request.method} ${url} (${this.options.clock.now() - started} ms)`)
      throw failure
    }
  }

  private async wait(request: HttpRequest<unknown>, delay: number, reason: string, retryAfter: string | undefined): Promise<void> {
    this.options.debug?.(`retrying in ${delay} ms`)
    if (retryAfter !== undefined && delay >= ANNOUNCED_WAIT_MS) {
      this.options.notice?.(`${describeRequest(request)}: ${reason}; retrying in ${Math.round(delay / 1000)} s`)
    }

    await this.options.clock.sleep(delay)
  }
}

/** The file error behind a failed request (got wraps what destroyed its stream), if it was one. */
function localFailure(error: unknown): FileError | undefined {
  if (error instanceof FileError) return error
  const cause = error instanceof Error ? error.cause : undefined
  return cause instanceof FileError ? cause : undefined
}

function rawAnswer(response: WireAnswer): RawAnswer {
  const {statusCode: status, statusMessage, httpVersion, headers, body} = response
  return {status, statusText: statusMessage ?? '', httpVersion: httpVersion ?? '1.1', headers, body}
}

/** The data of a 2xx or 304 answer without its envelope; undefined for no body. */
function decode(response: WireAnswer): unknown {
  const text = response.body.toString('utf8')
  if (response.statusCode === 304 || text.trim() === '') return undefined
  let body: unknown
  try {
    body = parseJsonLossless(text)
  } catch (error) {
    throw new BrokenAnswer(error instanceof JsonTooDeepError ? error.message.replace(/^the JSON/, 'the body') : 'the body is not JSON')
  }

  const errors = envelopeErrors(body)
  if (isEnvelope(body) && body.response === null && errors.length > 0) {
    throw new BrokenAnswer(`a ${response.statusCode} without data: ${describeBody(text, undefined)}`)
  }

  return unwrap(body)
}

function statusError(request: HttpRequest<unknown>, response: WireAnswer, attempt: number): CliError {
  const status = response.statusCode
  const said = describeBody(response.body.toString('utf8'), headerValue(response.headers['content-type']))
  const what = `${describeRequest(request)}: ${status}${said ? ` ${said}` : ''}`
  const options = {status}
  if (status === 401) {
    return new TokenRefusedError(what)
  }

  if (status === 403) return new ForbiddenError(`${what} (forbidden)`, options)
  if (status === 404) return new NotFoundError(`${what} (not found)`, options)
  if (status === 409) return new ConflictError(`${what} (conflict)`, options)
  if (status === 420 || status === 429) {
    return new RateLimitError(`${what} (rate-limited${retryNote(attempt)}); wait a minute and try again`, options)
  }

  if (status >= 500) return new ServerError(`${what} (server error${retryNote(attempt)})`, options)
  if (status >= 400) return new UsageError(`${what} (the service refused the request)`, options)
  return new ServerError(`${what} (unexpected answer)`, options)
}

function retryNote(attempt: number): string {
  return attempt > 1 ? ` after ${attempt} attempts` : ''
}

/** Certificate errors: the same certificate comes back on every attempt. */
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL/

function networkFailure(error: unknown, time: {attemptMs: number; deadlineMs: number; last: boolean}): NoAnswer {
  const code = (error as {code?: string}).code
  if (code === 'ETIMEDOUT' || (error as Error).name === 'TimeoutError') {
    // The attempt that ran into the request's deadline says so; an earlier one is retried.
    if (time.last) return new NoAnswer(deadlinePassed(time.deadlineMs), true)
    return new NoAnswer(`timed out after ${seconds(time.attemptMs)} (--timeout, for each attempt)`)
  }

  if (code && TLS_CODES.test(code)) return new NoAnswer(`the TLS certificate was not accepted (${code}); retrying cannot help`, true)
  if (code === 'ECONNREFUSED') return new NoAnswer('connection refused')
  if (code === 'ECONNRESET') return new NoAnswer('connection reset')
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new NoAnswer('host not found')
  return new NoAnswer(code ? `network error (${code})` : 'network error')
}

function deadlinePassed(deadlineMs: number): string {
  return `timed out: no answer within ${seconds(deadlineMs)}, the deadline for a request and its retries (twice --timeout)`
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`
}

function describeRequest(request: HttpRequest<unknown>): string {
  return `${request.method} ${new URL(request.url).pathname}`
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

function withQuery(url: string, searchParams: HttpRequest['searchParams']): string {
  if (!searchParams) return url
  const target = new URL(url)
  for (const [key, value] of Object.entries(searchParams)) {
    if (value !== undefined) target.searchParams.set(key, String(value))
  }

  return target.toString()
}
