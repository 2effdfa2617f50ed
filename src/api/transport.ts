import type {IncomingHttpHeaders} from 'node:http'
import type {Got, Request} from 'got'
import {
  AuthError,
  CliError,
  ConflictError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ServerError,
  UsageError,
} from '../core/errors.js'
import {describeBody, envelopeErrors, parseJson, unwrap} from './envelope.js'
import {RateLimiter, sleep} from './rate-limiter.js'
import {isRetryableStatus, retryDelayMs, type RetryPolicy} from './retry.js'

export type Method = 'GET' | 'POST' | 'DELETE'

export interface HttpRequest {
  method: Method
  url: string
  searchParams?: Record<string, string | number | undefined>
  json?: unknown
  body?: Buffer
  contentType?: string
  /** POST is retried only when the request says a repeat is harmless (e.g. a fixed source_guid). */
  idempotent?: boolean
  /** Statuses the caller handles itself: returned, not thrown. */
  acceptStatuses?: number[]
  /** A public file (an image URL from a message): no token is sent, redirects are followed, bytes come back. */
  download?: boolean
}

export interface HttpResult<T = unknown> {
  status: number
  /**
   * Whether an earlier attempt may have been carried out though its answer never came (a lost
   * connection, a timeout, a 5xx). A 409 or 404 then answers our own earlier attempt.
   */
  earlierAttemptMayHaveLanded: boolean
  contentType?: string
  /** The data with its envelope removed; undefined for a 304, a 204 or an empty body. */
  data: T | undefined
  /** Which attempt answered. */
  attempt: number
}

export interface TransportOptions {
  token: string
  timeoutMs: number
  maxRequestsPerSecond: number
  retry: RetryPolicy
  userAgent: string
  /** Debug lines (method, URL, status, time); never given the token. */
  debug?: (line: string) => void
  /** A line for the user when a retry waits long enough to look like a hang. */
  notice?: (line: string) => void
}

/** A Retry-After wait at least this long is announced, so a rate-limited run never looks hung. */
const ANNOUNCED_WAIT_MS = 2000

/** An answer as it came: status, headers and the whole body. */
interface Answer {
  statusCode: number
  headers: IncomingHttpHeaders
  body: Buffer
}

/** Two got instances built once: API calls carry the token; downloads never do. */
interface Clients {
  api: Got
  download: Got
}

/** A failure that never produced an HTTP answer. */
class NoAnswer extends Error {
  constructor(readonly reason: string) {
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
    this.limiter = new RateLimiter(options.maxRequestsPerSecond)
  }

  async request<T = unknown>(request: HttpRequest): Promise<HttpResult<T>> {
    const retryable = request.method !== 'POST' || request.idempotent === true
    const {maxAttempts} = this.options.retry
    let mayHaveLanded = false
    for (let attempt = 1; ; attempt++) {
      const last = !retryable || attempt >= maxAttempts
      let response: Answer
      try {
        response = await this.send(request)
      } catch (error) {
        if (!(error instanceof NoAnswer)) throw error
        if (last) throw new NetworkError(`${describeRequest(request)} failed: ${error.reason}${retryNote(attempt)}`)
        mayHaveLanded = true
        await this.wait(request, attempt, error.reason, undefined)
        continue
      }

      const {statusCode: status} = response
      // A status the caller handles is an outcome, not data: its error envelope is not decoded.
      const outcome = {status, attempt, earlierAttemptMayHaveLanded: mayHaveLanded}
      if (request.acceptStatuses?.includes(status)) return {...outcome, data: undefined}
      if (status < 300 || status === 304) {
        const contentType = headerValue(response.headers['content-type'])
        const data = request.download ? (response.body as T) : decode<T>(response, request)
        return {...outcome, contentType, data}
      }

      if (isRetryableStatus(status) && !last) {
        // 429 and 420 refuse a request before it is carried out; a 5xx or 408 may come after.
        if (status !== 429 && status !== 420) mayHaveLanded = true
        await this.wait(request, attempt, String(status), headerValue(response.headers['retry-after']))
        continue
      }

      throw statusError(request, response, attempt)
    }
  }

  private async send(request: HttpRequest): Promise<Answer> {
    const clients = await this.loadClients()
    await this.limiter.take()
    const started = Date.now()
    const url = withQuery(request.url, request.searchParams)
    this.options.debug?.(`--> ${request.method} ${url}`)
    try {
      const client = request.download ? clients.download : clients.api
      const stream = client.stream(url, {
        method: request.method,
        json: request.json,
        body: request.body,
        ...(request.contentType ? {headers: {'Content-Type': request.contentType}} : {}),
      })
      // got ends a GET itself; a POST or DELETE without a body is a writable stream waiting for one.
      if (request.method !== 'GET' && request.json === undefined && request.body === undefined) stream.end()
      const response = await collect(stream)
      this.options.debug?.(`<-- ${response.statusCode} ${request.method} ${url} (${Date.now() - started} ms)`)
      return response
    } catch (error) {
      const reason = networkReason(error, this.options.timeoutMs)
      this.options.debug?.(`<-- ${reason} ${request.method} ${url} (${Date.now() - started} ms)`)
      throw new NoAnswer(reason)
    }
  }

  private async wait(request: HttpRequest, attempt: number, reason: string, retryAfter: string | undefined): Promise<void> {
    const delay = retryDelayMs(this.options.retry, attempt, retryAfter)
    this.options.debug?.(`retrying in ${delay} ms`)
    if (retryAfter !== undefined && delay >= ANNOUNCED_WAIT_MS) {
      this.options.notice?.(`${describeRequest(request)}: ${reason}; retrying in ${Math.round(delay / 1000)} s`)
    }

    await sleep(delay)
  }

  /**
   * got's stream API, with the fixed options set once: over a bare node:http GET it adds about
   * 0.3 ms a request where the promise API adds 0.6 ms (1,200 sandbox pages; G1 in `npm run
   * bench` measures the whole transport). Keep-alive agents: paging reuses one socket.
   */
  private async loadClients(): Promise<Clients> {
    if (!this.clients) {
      const [{default: got}, {Agent: HttpAgent}, {Agent: HttpsAgent}] = await Promise.all([import('got'), import('node:http'), import('node:https')])
      const base = got.extend({
        agent: {http: new HttpAgent({keepAlive: true}), https: new HttpsAgent({keepAlive: true})},
        headers: {'User-Agent': this.options.userAgent},
        timeout: {request: this.options.timeoutMs},
        retry: {limit: 0},
        throwHttpErrors: false,
      })
      this.clients = {
        // A redirect could carry the token header to another host.
        api: base.extend({headers: {'X-Access-Token': this.options.token, Accept: 'application/json'}, followRedirect: false}),
        // Downloads carry no token, and image URLs redirect to signed ones
        // (docs/service.md, Message objects in the wild).
        download: base.extend({followRedirect: true}),
      }
    }

    return this.clients
  }
}

/** The whole answer of a got stream; rejects only when no answer came (got's RequestError). */
function collect(stream: Request): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.once('error', reject)
    stream.once('end', () => {
      const {response} = stream
      if (!response) return reject(new Error('no response'))
      resolve({statusCode: response.statusCode, headers: response.headers, body: Buffer.concat(chunks)})
    })
  })
}

function decode<T>(response: Answer, request: HttpRequest): T | undefined {
  const text = response.body.toString('utf8')
  if (response.statusCode === 304 || text.trim() === '') return undefined
  const parsed = parseJson(text)
  if (!parsed.ok) {
    throw new ServerError(`${describeRequest(request)}: the service answered ${response.statusCode} with a body that is not JSON`, {
      status: response.statusCode,
    })
  }

  const data = unwrap(parsed.value)
  const errors = envelopeErrors(parsed.value)
  if (data === undefined && errors.length > 0) {
    throw new ServerError(`${describeRequest(request)}: the service answered ${response.statusCode} without data: ${describeBody(text, undefined)}`, {
      status: response.statusCode,
    })
  }

  return data as T | undefined
}

function statusError(request: HttpRequest, response: Answer, attempt: number): CliError {
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

function networkReason(error: unknown, timeoutMs: number): string {
  const code = (error as {code?: string}).code
  if (code === 'ETIMEDOUT' || (error as Error).name === 'TimeoutError') return `timed out after ${timeoutMs / 1000} s`
  if (code === 'ECONNREFUSED') return 'connection refused'
  if (code === 'ECONNRESET') return 'connection reset'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found'
  return code ? `network error (${code})` : 'network error'
}

function describeRequest(request: HttpRequest): string {
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
