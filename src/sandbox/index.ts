/**
 * An in-memory HTTP server that behaves like GroupMe's DM API, quirks included (docs/service.md):
 * for the demo, end-to-end tests and benchmarks.
 */
import {createServer} from 'node:http'
import type {AddressInfo} from 'node:net'
import {UsageError} from '../base/errors.js'

import {FaultInjector, type FaultSpec, type RandomFaultOptions} from './faults.js'
import {generateChats, generateConversation, MAX_GENERATED_MESSAGES} from './generate.js'
import {attachPush, type SandboxPush} from './push.js'
import {AVATAR_PNG, ME, seedStore} from './seed.js'
import {createRequestHandler, type RecordedRequest} from './server.js'
import {SandboxStore} from './store.js'

export {BROKEN_SHAPES} from './faults.js'
export type {FaultSpec, RandomFaultOptions} from './faults.js'
export {BENCH_PARTNER, chatPartner} from './generate.js'
export {ALICE, BOB, BOB_CAPS, CAROL, EXAMPLE_MESSAGE_ID, MALLORY, ME, SEED_FILE_ID} from './seed.js'
export {startChatter} from './chatter.js'
export type {PushEvent, SandboxPush} from './push.js'
export type {RecordedRequest} from './server.js'
export {SandboxStore} from './store.js'
export {IN_PROCESS_ORIGIN, type InProcessSandbox, inProcessSandbox} from './wire.js'
export type {Attachment, Block, Chat, Conversation, DirectMessage, MessageDraft, ReadReceipt, SandboxUser, StoredImage} from './store.js'
export type {StoredFile} from './files.js'

export interface SandboxOptions {
  /** Default 0: an ephemeral port. */
  port?: number
  /** Default '127.0.0.1'. */
  host?: string
  /** Default: a fixed 40-character test token. */
  token?: string
  /** Default true: load the realistic seed data. */
  seed?: boolean
  /** When > 0, also generate a conversation of this many messages with BENCH_PARTNER. */
  messages?: number
  /** When > 0, every k-th page of GET /direct_messages comes back short, skipping nothing. */
  shortPageEvery?: number
  /** Seconds the push endpoint holds a /meta/connect (default 30, as the service advises). */
  pushTimeoutSeconds?: number
  /** When > 0, also generate this many chats (users 300000001...) of `messagesPerChat` messages each. */
  chats?: number
  messagesPerChat?: number
  /** Every answer waits this many ms. */
  latencyMs?: number
  /** More requests than this in one second get a 429; default 0, no limit. */
  maxRequestsPerSecond?: number
}

export interface Sandbox {
  /** 'http://127.0.0.1:PORT' */
  url: string
  token: string
  meId: string
  /** GROUPME_API_URL, GROUPME_V2_URL, GROUPME_IMAGE_URL, GROUPME_V4_URL, GROUPME_FILE_URL, GROUPME_PUSH_URL, GROUPME_TOKEN and GROUPME_MAX_RPS='0'. */
  env: Record<string, string>
  /** The push endpoint at /faye: publish events, inject push faults. */
  push: SandboxPush
  /** Every request received, in order, faulted ones included. */
  requests: RecordedRequest[]
  store: SandboxStore
  /** Queue a fault; faults are consumed in order of injection among those that match. */
  inject(fault: FaultSpec): void
  /** Each request answers a random fault status with probability `rate`; rate 0 switches off. */
  randomFaults(options: RandomFaultOptions): void
  resetRequests(): void
  /** Send every answer a `delay` fault is holding back now, instead of when its time is up. */
  releaseDelays(): void
  close(): Promise<void>
}

/** The sandbox's settings as shell lines, for `eval` or `.`: `export NAME='value'`. */
export function shellExports(env: Record<string, string>): string[] {
  return Object.entries(env).map(([name, value]) => `export ${name}='${value.replaceAll("'", "'\\''")}'`)
}

/** A port that is taken or not ours to use is the user's to change: one line, exit 2. */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') return new UsageError(`--port ${port}: ${host}:${port} is already in use; pick another port, or 0 for any free one`)
  if (error.code === 'EACCES') return new UsageError(`--port ${port}: not allowed to listen on ${host}:${port}; use a port above 1023, or 0 for any free one`)
  return error
}

export const SANDBOX_TOKEN = 'sandbox0token'.padEnd(40, '0')

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1'
  const token = options.token ?? SANDBOX_TOKEN
  const messages = options.messages ?? 0
  if (messages > MAX_GENERATED_MESSAGES) {
    throw new UsageError(`--messages: at most ${MAX_GENERATED_MESSAGES.toLocaleString('en-US')} messages can be generated (each holds about 900 bytes of memory)`)
  }
  // The same memory cap for many chats as for one.
  const chats = options.chats ?? 0
  const inChats = chats * (options.messagesPerChat ?? 0)
  if (inChats > MAX_GENERATED_MESSAGES) {
    throw new UsageError(`--chats × --messages: at most ${MAX_GENERATED_MESSAGES.toLocaleString('en-US')} messages can be generated, got ${inChats.toLocaleString('en-US')}`)
  }

  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    const refuse = (error: NodeJS.ErrnoException) => reject(listenError(error, host, options.port ?? 0))
    server.once('error', refuse)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', refuse)
      resolve()
    })
  })

  const {port} = server.address() as AddressInfo
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  // Its own copy of ME, whose picture the sandbox itself serves (as it does every seeded user's):
  // `archive sync --media` against the sandbox never reaches for the network.
  const store = new SandboxStore({...ME}, url)
  store.me.avatar_url = store.storeImage(AVATAR_PNG, 'image/png').url
  try {
    if (options.seed ?? true) seedStore(store)
    if (messages > 0) generateConversation(store, messages)
    if (chats > 0) generateChats(store, chats, options.messagesPerChat ?? 0)
  } catch (error) {
    server.close()
    throw error
  }

  const requests: RecordedRequest[] = []
  const faults = new FaultInjector()
  const delayed = new Set<() => void>()
  const {shortPageEvery = 0, latencyMs, maxRequestsPerSecond} = options
  server.on('request', createRequestHandler({store, token, faults, requests, shortPageEvery, latencyMs, maxRequestsPerSecond, delayed}))
  // After the request handler: faye's adapter takes the /faye requests and hands it the others.
  const push = await attachPush(server, store, {token, timeoutSeconds: options.pushTimeoutSeconds})

  return {
    url,
    token,
    meId: ME.id,
    env: {
      GROUPME_API_URL: `${url}/v3`,
      GROUPME_V2_URL: `${url}/v2`,
      GROUPME_IMAGE_URL: `${url}/image`,
      GROUPME_V4_URL: `${url}/v4`,
      GROUPME_FILE_URL: `${url}/file/v1`,
      GROUPME_PUSH_URL: `${url}${push.path}`,
      GROUPME_TOKEN: token,
      GROUPME_MAX_RPS: '0',
    },
    requests,
    store,
    push,
    inject: (fault) => faults.inject(fault),
    randomFaults: (randomOptions) => faults.randomFaults(randomOptions),
    resetRequests: () => {
      requests.length = 0
    },
    releaseDelays: () => {
      for (const release of [...delayed]) release()
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        push.close()
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}
