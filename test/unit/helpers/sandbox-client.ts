import type {Message, MessageQuery} from '../../../src/api/api.js'
import {GroupMeClient} from '../../../src/api/client.js'
import type {Endpoints} from '../../../src/api/endpoints.js'
import type {Wire, WireAnswer} from '../../../src/api/http.js'
import type {RetryPolicy} from '../../../src/api/retry.js'
import type {Clock} from '../../../src/base/clock.js'
import type {FaultSpec} from '../../../src/sandbox/faults.js'
import type {RecordedRequest} from '../../../src/sandbox/server.js'
import type {DirectMessage, SandboxStore} from '../../../src/sandbox/store.js'
import {IN_PROCESS_ORIGIN, inProcessSandbox} from '../../../src/sandbox/wire.js'
import {FakeClock} from '../../helpers/clock.js'

/** The sandbox's routes, as GroupMeClient's endpoints over the in-process wire. */
export const IN_PROCESS_ENDPOINTS: Endpoints = {
  api: `${IN_PROCESS_ORIGIN}/v3`,
  v2: `${IN_PROCESS_ORIGIN}/v2`,
  image: `${IN_PROCESS_ORIGIN}/image`,
  v4: `${IN_PROCESS_ORIGIN}/v4`,
  file: `${IN_PROCESS_ORIGIN}/file/v1`,
}

/** Change a page of messages before the client reads it, as a service might: `index` counts GET /direct_messages from 0. */
export type ReshapePage = (page: DirectMessage[], call: {index: number; query: MessageQuery}) => DirectMessage[]

export interface SandboxClientOptions {
  reshapePage?: ReshapePage
  /** Default: one attempt, so that each injected fault is what the code under test sees. */
  retry?: RetryPolicy
  /** Default: a FakeClock whose waits take no time. */
  clock?: Clock
}

const ONE_ATTEMPT: RetryPolicy = {maxAttempts: 1, baseDelayMs: 300, maxDelayMs: 8000, maxRetryAfterMs: 30_000}

/**
 * The real GroupMeClient (transport, decoding, errors) over the sandbox in-process: no socket,
 * no real waits. It also keeps what each GET /direct_messages asked (`queries`) and the messages
 * it answered (`answers`), after `reshapePage`.
 */
export class SandboxClient extends GroupMeClient {
  readonly queries: MessageQuery[]
  readonly answers: Message[][]
  readonly requests: RecordedRequest[]
  readonly inject: (fault: FaultSpec) => void

  constructor(
    readonly store: SandboxStore,
    options: SandboxClientOptions = {},
  ) {
    const sandbox = inProcessSandbox(store)
    const seen = {queries: [] as MessageQuery[], answers: [] as Message[][]}
    super(IN_PROCESS_ENDPOINTS, {
      token: sandbox.token,
      timeoutMs: 30_000,
      maxRequestsPerSecond: 0,
      retry: options.retry ?? ONE_ATTEMPT,
      userAgent: 'groupme-cli-test/1.0',
      clock: options.clock ?? new FakeClock(undefined, {skipWaits: true}),
      wire: watchingPages(sandbox.wire, seen, options.reshapePage),
    })
    this.queries = seen.queries
    this.answers = seen.answers
    this.requests = sandbox.requests
    this.inject = sandbox.inject
  }
}

/** The wire, with each page of messages recorded and, when asked, reshaped on its way back. */
function watchingPages(wire: Wire, seen: {queries: MessageQuery[]; answers: Message[][]}, reshape?: ReshapePage): Wire {
  return async (request) => {
    const url = new URL(request.url)
    if (request.method !== 'GET' || !url.pathname.endsWith('/direct_messages')) return wire(request)
    const query = queryOf(url.searchParams)
    const index = seen.queries.length
    seen.queries.push(query)
    const answer = await wire(request)
    if (answer.statusCode === 304) seen.answers.push([])
    if (answer.statusCode !== 200) return answer
    const body = JSON.parse(answer.body.toString('utf8')) as {response: {direct_messages: DirectMessage[]}}
    const page = body.response.direct_messages
    const sent = reshape ? reshape(page, {index, query}) : page
    // As the client reads them: JSON, parsed again.
    seen.answers.push(JSON.parse(JSON.stringify(sent)) as Message[])
    return reshape ? withBody(answer, {...body, response: {...body.response, direct_messages: sent}}) : answer
  }
}

function withBody(answer: WireAnswer, body: unknown): WireAnswer {
  return {...answer, body: Buffer.from(JSON.stringify(body))}
}

function queryOf(params: URLSearchParams): MessageQuery {
  const limit = params.get('limit')
  return {
    otherUserId: params.get('other_user_id') ?? '',
    ...(params.has('before_id') && {beforeId: params.get('before_id')!}),
    ...(params.has('since_id') && {sinceId: params.get('since_id')!}),
    ...(params.has('after_id') && {afterId: params.get('after_id')!}),
    ...(limit !== null && {limit: Number(limit)}),
  }
}
