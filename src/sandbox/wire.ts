/**
 * The sandbox in-process, as a wire for the CLI's own transport (src/api/http.ts): tests run the
 * real client, with its decoding, retries and errors, against the sandbox's routes and faults
 * without a socket. What only a socket can show (a body streamed too slowly or too big, an answer
 * held back, the latency) stays with the HTTP sandbox.
 */
import {STATUS_CODES} from 'node:http'
import {readFile, writeFile} from 'node:fs/promises'
import type {Wire, WireAnswer, WireRequest} from '../api/http.js'
import {fileFailure} from '../base/file-errors.js'
import {PRIVATE_FILE_MODE} from '../base/files.js'
import {FaultInjector, type FaultSpec} from './faults.js'
import {createHandling, type RecordedRequest, type ServerState} from './server.js'
import type {SandboxStore} from './store.js'

export interface InProcessSandbox {
  store: SandboxStore
  /** The token the wire accepts, as the HTTP sandbox's. */
  token: string
  wire: Wire
  /** Every request received, in order, faulted ones included. */
  requests: RecordedRequest[]
  /** Queue a fault (faults.ts), as on the HTTP sandbox. */
  inject(fault: FaultSpec): void
}

/** Any URL's host is taken for the sandbox's; the real service's hosts land on its /v2 and /image routes. */
export const IN_PROCESS_ORIGIN = 'http://sandbox.invalid'

export function inProcessSandbox(store: SandboxStore, token = 'in-process-sandbox-token-0123456789abcdef'): InProcessSandbox {
  const state: ServerState = {store, token, faults: new FaultInjector(), requests: [], shortPageEvery: 0, delayed: new Set()}
  const handle = createHandling(state)
  const wire: Wire = async (request) => {
    const target = new URL(request.url)
    const handling = handle({method: request.method, url: sandboxPath(target) + target.search, headers: request.headers, body: await bodyOf(request)})
    if (handling.kind === 'close') throw Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'})
    if (handling.kind !== 'answer') throw new Error(`the ${handling.kind} fault needs the HTTP sandbox (startSandbox)`)
    const {reply} = handling
    const answer: WireAnswer = {
      statusCode: reply.status,
      statusMessage: STATUS_CODES[reply.status],
      httpVersion: '1.1',
      // As Node's http module hands them over: names in lower case.
      headers: Object.fromEntries(Object.entries(reply.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value])),
      body: Buffer.from(reply.body ?? ''),
    }
    if (!request.download || reply.status < 200 || reply.status >= 300) return answer
    const {to} = request.download
    try {
      await writeFile(to, answer.body, {mode: PRIVATE_FILE_MODE})
    } catch (error) {
      throw fileFailure(error, {path: to, action: 'write'}) ?? error
    }

    return {...answer, body: Buffer.alloc(0), downloadedBytes: answer.body.length}
  }

  return {store, token, wire, requests: state.requests, inject: (fault) => state.faults.inject(fault)}
}

/** What the request sends: its bytes, its JSON, or its file read from disk. */
async function bodyOf(request: WireRequest): Promise<Buffer> {
  if (request.body) return request.body
  if (request.json !== undefined) return Buffer.from(JSON.stringify(request.json))
  if (!request.file) return Buffer.alloc(0)
  const {path} = request.file
  try {
    return await readFile(path)
  } catch (error) {
    throw fileFailure(error, {path, action: 'read'}) ?? error
  }
}

/** Where a URL of the real service or of the sandbox lands among the sandbox's routes. */
function sandboxPath(url: URL): string {
  if (url.hostname === 'v2.groupme.com') return `/v2${url.pathname}`
  if (url.hostname === 'image.groupme.com') return `/image${url.pathname}`
  if (url.hostname === 'file.groupme.com') return `/file${url.pathname}`
  return url.pathname
}
