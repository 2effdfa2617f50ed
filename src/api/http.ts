/**
 * What one HTTP request and its answer are, apart from how they travel (transport.ts) and from the
 * API built on them (api.ts), which both use these types.
 */
import type {IncomingHttpHeaders} from 'node:http'

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface HttpRequest<T = unknown> {
  method: Method
  url: string
  searchParams?: Record<string, string | number | undefined>
  json?: unknown
  /** A file sent as the body, streamed from disk and opened again for each attempt (an image upload). */
  file?: {path: string; size: number}
  /** Bytes sent as the body (`groupme api`: its fields or --input, at most 16 MiB). */
  body?: Buffer
  /** Request headers besides the fixed ones (`groupme api -H`); never the token's. */
  headers?: Record<string, string>
  contentType?: string
  /** GET and DELETE are retried; POST, PUT and PATCH only when the request says a repeat is harmless (e.g. a fixed source_guid). */
  idempotent?: boolean
  /** Statuses the caller handles itself: returned, not thrown. */
  acceptStatuses?: number[]
  /**
   * The shape check of a 2xx or 304 answer: given the data without its envelope (undefined for
   * no body), it returns the typed data or throws BrokenAnswer, which is retried like a 5xx.
   */
  expect?: (data: unknown, status: number) => T
  /**
   * A file streamed to `to`: a public one (an image URL from a message) with no token and redirects
   * followed; with `withToken`, a file of the file service, sent the token and no redirect followed.
   */
  download?: {to: string; maxBytes: number; withToken?: boolean}
  /**
   * An end (ms since the epoch) earlier than the request's own deadline: a poll gives all its
   * requests one deadline (dm send --file).
   */
  deadline?: number
  /**
   * Give back the answer as it came (`groupme api`), not decoded: an error status still throws the
   * usual error. `broken` says what is wrong with a success answer that cannot be what the
   * endpoint sends (a page that is not a page); it is then retried like a 5xx.
   */
  raw?: {broken?: (answer: RawAnswer) => string | undefined}
}

export interface HttpResult<T = unknown> {
  status: number
  /**
   * Whether an earlier attempt may have been carried out though its answer never came (a lost
   * connection, a timeout, a 5xx, a broken answer). A 409 or 404 then answers our own earlier attempt.
   */
  earlierAttemptMayHaveLanded: boolean
  contentType?: string
  /** The data with its envelope removed, checked by `expect` when given; undefined for no body. */
  data: T | undefined
  /** Which attempt answered. */
  attempt: number
  /** Bytes written to `download.to`. */
  downloadedBytes?: number
  /** The answer as it came, for a `raw` request. */
  raw?: RawAnswer
}

/** An answer as it came: status, headers and the whole body (`groupme api`). */
export interface RawAnswer {
  status: number
  statusText: string
  httpVersion: string
  headers: IncomingHttpHeaders
  body: Buffer
}

/**
 * One attempt of a request as it goes out (docs/architecture.md, The seam): the transport has
 * built the URL and every header (the token's included, except on a download) and decided the
 * time the attempt may take. A wire only carries it: got over HTTP in production (got-wire.ts),
 * the sandbox's handler in-process in tests (src/sandbox/wire.ts), as gh swaps its HTTP transport.
 */
export interface WireRequest {
  method: Method
  /** With its query. */
  url: string
  headers: Record<string, string>
  json?: unknown
  body?: Buffer
  /** Streamed from disk, opened again for each attempt. */
  file?: {path: string; size: number}
  /**
   * A file: the body written to `to`, at most `maxBytes`; redirects followed for a public file,
   * never for one sent the token (the file service's).
   */
  download?: {to: string; maxBytes: number; followRedirects: boolean}
  /** The most this attempt may take. */
  timeoutMs: number
  /** The most a success body may be. */
  maxBodyBytes: number
}

/** An answer as it came: status, headers and the body (for a download, the bytes went to the file). */
export interface WireAnswer {
  statusCode: number
  statusMessage?: string
  httpVersion?: string
  headers: IncomingHttpHeaders
  body: Buffer
  downloadedBytes?: number
}

/**
 * Carries one attempt. It rejects when no whole answer came: with a Node error code (ECONNRESET,
 * ETIMEDOUT, a TLS code…), with NoAnswer, or with the FileError of a local file it could not
 * read or write. Every status, 4xx and 5xx included, is an answer: deciding what it means is the
 * transport's, once.
 */
export type Wire = (request: WireRequest) => Promise<WireAnswer>

/** A failure that never produced a whole HTTP answer. `final`: retrying cannot help. */
export class NoAnswer extends Error {
  constructor(
    readonly reason: string,
    readonly final = false,
  ) {
    super(reason)
  }
}
