import {createReadStream, createWriteStream} from 'node:fs'
import {rm} from 'node:fs/promises'
import type {IncomingHttpHeaders} from 'node:http'
import type {Got, Request} from 'got'
import {
  AuthError,
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
import {FileError, fileFailure} from '../base/file-errors.js'
import {PRIVATE_FILE_MODE} from '../base/files.js'
import {describeBody, envelopeErrors, isEnvelope, unwrap} from './envelope.js'
import {parseJsonLossless} from '../base/json.js'
import {RateLimiter} from './rate-limiter.js'
import {isRetryableStatus, parseRetryAfterMs, retryDelayMs, type RetryPolicy} from './retry.js'
import {BrokenAnswer} from './shapes.js'
import type {HttpRequest, HttpResult, RawAnswer} from './http.js'

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

/** What an error answer's body is read for: a line for the user. The rest is not read. */
const MAX_ERROR_BODY_BYTES = 64 * 1024

/** An answer as it came: status, headers and the body (for a download, the bytes went to the file). */
interface Answer {
  statusCode: number
  statusMessage?: string
  httpVersion?: string
  headers: IncomingHttpHeaders
  body: Buffer
  downloadedBytes?: number
}

/** Two got instances built once: API calls carry the token; downloads never do. */
interface Clients {
  api: Got
  download: Got
}

/** A failure that never produced a whole HTTP answer. `final`: retrying cannot help. */
class NoAnswer extends Error {
  constructor(
    readonly reason: string,
    readonly final = false,
  ) {
    super(reason)
  }
}

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
  private clients?: Clients
  private readonly limiter: RateLimiter

  constructor(private readonly options: TransportOptions) {
    this.limiter = new RateLimiter(options.maxRequestsPerSecond, options.clock)
  }

  async request<T = unknown>(request: HttpRequest<T>): Promise<HttpResult<T>> {
    const retryable = request.method === 'GET' || request.method === 'DELETE' || request.idempotent === true
    const {maxAttempts} = this.options.retry
    const deadlineMs = DEADLINE_FACTOR * this.options.timeoutMs
    const deadline = this.options.clock.now() + deadlineMs
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

  private async send(request: HttpRequest<unknown>, time: {attemptMs: number; deadlineMs: number; last: boolean}, attempt: number): Promise<Answer> {
    const clients = await this.loadClients()
    await this.limiter.take()
    const started = this.options.clock.now()
    const url = withQuery(request.url, request.searchParams)
    this.options.debug?.(`--> ${request.method} ${url}${attempt > 1 ? ` (attempt ${attempt})` : ''}`)
    try {
      const client = request.download ? clients.download : clients.api
      const headers: Record<string, string> = {...request.headers}
      if (request.contentType) headers['Content-Type'] = request.contentType
      if (request.file) headers['Content-Length'] = String(request.file.size)
      const stream = client.stream(url, {method: request.method, json: request.json, body: request.body, headers, timeout: {request: time.attemptMs}})
      if (request.file) {
        const {path} = request.file
        createReadStream(path).once('error', (error) => stream.destroy(fileFailure(error, {path, action: 'read'}) ?? error)).pipe(stream)
      } else if (request.method !== 'GET' && request.json === undefined && request.body === undefined) {
        // got ends a GET itself; a POST or DELETE without a body is a writable stream waiting for one.
        stream.end()
      }

      const response = request.download ? await saveTo(stream, request.download) : await collect(stream, MAX_API_BODY_BYTES)
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

  /**
   * got's stream API, with the fixed options set once: about half the per-request cost of its
   * promise API (docs/decisions/0001-got-stays-the-one-http-client.md; G1 in `npm run bench` measures the whole
   * transport). Keep-alive agents: paging reuses one socket.
   */
  private async loadClients(): Promise<Clients> {
    if (!this.clients) {
      const [{default: got}, {Agent: HttpAgent}, {Agent: HttpsAgent}] = await Promise.all([import('got'), import('node:http'), import('node:https')])
      const base = got.extend({
        agent: {http: new HttpAgent({keepAlive: true}), https: new HttpsAgent({keepAlive: true})},
        headers: {'User-Agent': this.options.userAgent},
        retry: {limit: 0},
        throwHttpErrors: false,
      })
      this.clients = {
        // A redirect could carry the token header to another host.
        api: base.extend({headers: {'X-Access-Token': this.options.token, Accept: 'application/json'}, followRedirect: false}),
        // Downloads carry no token, and image URLs redirect to signed ones (docs/service.md, Message objects in the wild).
        download: base.extend({followRedirect: true}),
      }
    }

    return this.clients
  }
}

/**
 * The answer of a got stream, its body read up to `maxBytes`: a longer success body stops the
 * transfer and is refused at once, since a hostile size does not shrink on a retry. An error
 * answer is read up to MAX_ERROR_BODY_BYTES, enough for a line, and the rest is not read. Rejects
 * with got's error when no answer came.
 */
function collect(stream: Request, maxBytes: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const isError = () => {
      const status = stream.response?.statusCode ?? 200
      return status >= 300 && status !== 304
    }

    const answer = (): Answer => {
      const {statusCode, statusMessage, httpVersion, headers} = stream.response!
      return {statusCode, statusMessage, httpVersion, headers, body: Buffer.concat(chunks)}
    }

    const stop = () => {
      if (isError()) resolve(answer())
      else reject(new NoAnswer(`the answer is larger than ${mebibytes(maxBytes)}, the most an answer may be`, true))
      stream.destroy()
    }

    stream.on('response', (response: {headers: IncomingHttpHeaders}) => {
      if (!isError() && Number(response.headers['content-length']) > maxBytes) stop()
    })
    stream.on('data', (chunk: Buffer) => {
      const limit = isError() ? MAX_ERROR_BODY_BYTES : maxBytes
      chunks.push(chunk.subarray(0, Math.max(0, limit - size)))
      size += chunk.length
      if (size > limit) stop()
    })
    stream.once('error', reject)
    stream.once('end', () => (stream.response ? resolve(answer()) : reject(new Error('no response'))))
  })
}

/**
 * A 2xx body goes straight to `to`, never into memory, up to `maxBytes`; a bigger file is refused
 * and what was written is removed. Another status is read as an error answer.
 */
function saveTo(stream: Request, target: {to: string; maxBytes: number}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    stream.once('error', reject)
    stream.once('response', (response: {statusCode: number; headers: IncomingHttpHeaders}) => {
      if (response.statusCode < 200 || response.statusCode >= 300) {
        collect(stream, MAX_ERROR_BODY_BYTES).then(resolve, reject)
        return
      }

      const declared = Number(response.headers['content-length'])
      const refuse = () => {
        stream.destroy()
        file.destroy()
        void rm(target.to, {force: true}).finally(() => reject(new NoAnswer(`the file is larger than ${mebibytes(target.maxBytes)}, the most a download may be`, true)))
      }

      const file = createWriteStream(target.to, {mode: PRIVATE_FILE_MODE})
      if (declared > target.maxBytes) return refuse()
      let size = 0
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > target.maxBytes) refuse()
      })
      file.once('error', (error) => {
        stream.destroy()
        reject(fileFailure(error, {path: target.to, action: 'write'}) ?? error)
      })
      file.once('finish', () => resolve({statusCode: response.statusCode, headers: response.headers, body: Buffer.alloc(0), downloadedBytes: size}))
      stream.pipe(file)
    })
  })
}

/** The file error behind a failed request (got wraps what destroyed its stream), if it was one. */
function localFailure(error: unknown): FileError | undefined {
  if (error instanceof FileError) return error
  const cause = error instanceof Error ? error.cause : undefined
  return cause instanceof FileError ? cause : undefined
}

function rawAnswer(response: Answer): RawAnswer {
  const {statusCode: status, statusMessage, httpVersion, headers, body} = response
  return {status, statusText: statusMessage ?? '', httpVersion: httpVersion ?? '1.1', headers, body}
}

/** The data of a 2xx or 304 answer without its envelope; undefined for no body. */
function decode(response: Answer): unknown {
  const text = response.body.toString('utf8')
  if (response.statusCode === 304 || text.trim() === '') return undefined
  let body: unknown
  try {
    body = parseJsonLossless(text)
  } catch {
    throw new BrokenAnswer('the body is not JSON')
  }

  const errors = envelopeErrors(body)
  if (isEnvelope(body) && body.response === null && errors.length > 0) {
    throw new BrokenAnswer(`a ${response.statusCode} without data: ${describeBody(text, undefined)}`)
  }

  return unwrap(body)
}

function statusError(request: HttpRequest<unknown>, response: Answer, attempt: number): CliError {
  const status = response.statusCode
  const said = describeBody(response.body.toString('utf8'), headerValue(response.headers['content-type']))
  const what = `${describeRequest(request)}: ${status}${said ? ` ${said}` : ''}`
  const options = {status}
  if (status === 401) {
    return new AuthError(`${what}. The token was refused: log in again with \`groupme auth login --with-token\``, options)
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

function mebibytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MiB`
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
