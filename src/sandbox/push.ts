/**
 * The sandbox's push service: a real Bayeux endpoint at /faye (faye's NodeAdapter on the sandbox's
 * HTTP server) that publishes on `/user/<me>` what GroupMe's push service publishes there
 * (docs/push.md): `direct_message.create` for every DM stored, to or from me, shaped as the
 * service's (`chat_id`, not `conversation_id`), and `favorite` for likes. The token is read from
 * the message's `ext`, never from the URL. Faults cover what breaks in practice: dropped
 * connections, silence while connected, events delivered twice, out of order, batched, or lost,
 * and refused handshakes.
 */
import type {IncomingMessage, Server} from 'node:http'
import type {Socket} from 'node:net'
import type {BayeuxMessage, Client, NodeAdapter, ServerExtension} from 'faye'

import type {DirectMessage, SandboxStore} from './store.js'

/** What a push event carries in `data` (docs/push.md, Events on /user/<id>). */
export interface PushEvent {
  type: string
  alert?: string
  subject?: unknown
  received_at?: number
  [field: string]: unknown
}

export interface PushFaults {
  /** Close every push connection now (websockets and pending long-polls). */
  dropConnections(): void
  /** Every client connected now goes silent: its connection stays open, nothing is answered or sent. New clients work. */
  silence(): void
  /** The next `n` events are published twice. */
  duplicateNext(n: number): void
  /** The next `n` pairs of events are published in swapped order. */
  reorderNext(n: number): void
  /** The next `n` events are held and published together, in one answer. */
  batchNext(n: number): void
  /** The next `n` events are never published. */
  loseNext(n: number): void
  /** The next `n` handshakes are answered `401::Unauthorized`. */
  refuseHandshakes(n: number): void
}

export interface SandboxPush {
  /** '/faye' on the sandbox. */
  path: string
  faults: PushFaults
  /** Publish any event on /user/<me>, as the service would (for unknown or future event types). */
  publish(event: PushEvent): void
  /** A like or reaction on `message` changed: the `favorite` event. */
  favorite(message: DirectMessage, reactions: unknown[]): void
  /** Events published so far (after loss faults), for tests. */
  readonly published: number
  /** Subscriptions accepted so far: a watcher counts as listening once it has one. */
  readonly subscribes: number
  close(): void
}

export interface PushOptions {
  token: string
  /** Seconds a /meta/connect is held before it is answered empty (the service's advice says 30). */
  timeoutSeconds?: number
}

const MOUNT = '/faye'
const AUTH_CHANNELS = new Set(['/meta/handshake', '/meta/subscribe'])

/** Attach the push endpoint to `server`; call after the sandbox's own request handler is installed. */
export async function attachPush(server: Server, store: SandboxStore, options: PushOptions): Promise<SandboxPush> {
  const {default: Faye} = await import('faye')
  const adapter: NodeAdapter = new Faye.NodeAdapter({mount: MOUNT, timeout: options.timeoutSeconds ?? 30})
  adapter.attach(server)
  const userChannel = `/user/${store.me.id}`
  const sockets = new Set<Socket>()
  const track = (request: IncomingMessage) => {
    if (!request.url?.startsWith(MOUNT)) return
    const {socket} = request
    if (sockets.has(socket)) return
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  }

  server.on('request', track)
  server.on('upgrade', track)

  const guard = new PushGuard(options.token, userChannel)
  adapter.addExtension(guard.extension)
  const publishing = adapter.getClient()
  const publisher = new Publisher(publishing, userChannel)
  const unsubscribe = store.onInsert((message) => publisher.event(directMessageEvent(message)))
  const favorite = (message: DirectMessage, reactions: unknown[]) =>
    publisher.event({
      type: 'favorite',
      alert: '',
      subject: {line: pushShape(message), reactions, user_id: message.recipient_id},
      received_at: Date.now(),
    })
  // Every like or reaction, as the service announces it (docs/push.md, Events).
  const unsubscribeReactions = store.onReaction((message) => favorite(message, (message.reactions ?? []).map((reaction) => ({...reaction, user_ids: [...reaction.user_ids]}))))

  const dropConnections = () => {
    for (const socket of sockets) socket.destroy()
    sockets.clear()
  }

  return {
    path: MOUNT,
    faults: {
      dropConnections,
      silence: () => guard.silenceKnownClients(),
      duplicateNext: (n) => (publisher.duplicate += n),
      reorderNext: (n) => (publisher.reorder += n),
      batchNext: (n) => (publisher.batch += n),
      loseNext: (n) => (publisher.lose += n),
      refuseHandshakes: (n) => (guard.refuse += n),
    },
    publish: (event) => publisher.event(event),
    favorite,
    get published() {
      return publisher.count
    },
    get subscribes() {
      return guard.subscribes
    },
    close: () => {
      unsubscribe()
      unsubscribeReactions()
      publishing.disconnect()
      adapter.close()
      // Upgraded (websocket) sockets are no longer the HTTP server's to close.
      dropConnections()
    },
  }
}

/** A stored DM as push delivers it: `chat_id` for `conversation_id`, plus `location` and `picture_url`. */
function pushShape(message: DirectMessage): Record<string, unknown> {
  const {conversation_id: chatId, ...fields} = message
  return {...fields, chat_id: chatId, location: {lat: '', lng: '', name: null}, picture_url: null}
}

function directMessageEvent(message: DirectMessage): PushEvent {
  return {
    type: 'direct_message.create',
    alert: `${message.name}: ${message.text ?? ''}`,
    subject: pushShape(message),
    received_at: Date.now(),
  }
}

/**
 * Checks the token in `ext` on handshake and subscribe (the only messages that carry it), keeps
 * clients to their own channel, and makes chosen clients silent or handshakes fail.
 */
class PushGuard {
  refuse = 0
  subscribes = 0
  private readonly seen = new Set<string>()
  private readonly silenced = new Set<string>()
  /** Which client a request (a long-poll, or a websocket's upgrade) speaks for. */
  private readonly clientOf = new WeakMap<object, string>()

  constructor(
    private readonly token: string,
    private readonly userChannel: string,
  ) {}

  silenceKnownClients(): void {
    for (const clientId of this.seen) this.silenced.add(clientId)
  }

  readonly extension: ServerExtension = {
    incoming: (message, request, callback) => {
      if (request === null) return callback(message) // the sandbox's own publisher
      const {clientId} = message
      if (clientId) {
        this.seen.add(clientId)
        if (typeof request === 'object') this.clientOf.set(request as object, clientId)
        // Silent: never answered, the connection stays open.
        if (this.silenced.has(clientId)) return
      }

      if (message.channel === '/meta/handshake' && this.refuse > 0) {
        this.refuse--
        return callback({...message, error: '401::Unauthorized'})
      }

      if (AUTH_CHANNELS.has(message.channel)) {
        const token = message.ext?.access_token
        const required = message.channel === '/meta/subscribe'
        if ((required || token !== undefined) && token !== this.token) return callback({...message, error: '401::Unauthorized'})
      }

      if (message.channel === '/meta/subscribe' && [message.subscription].flat().some((channel) => channel !== this.userChannel)) {
        return callback({...message, error: `403:${String(message.subscription)}:Forbidden channel`})
      }

      // Clients listen; only the service publishes.
      if (!message.channel.startsWith('/meta/')) return callback({...message, error: `403:${message.channel}:Forbidden channel`})
      if (message.channel === '/meta/subscribe') this.subscribes++
      callback(message)
    },
    outgoing: (message, request, callback) => {
      const clientId = request !== null && typeof request === 'object' ? this.clientOf.get(request as object) : undefined
      if (clientId && this.silenced.has(clientId)) return
      // The token never travels back.
      if (message.ext) delete message.ext.access_token
      callback(message)
    },
  }
}

/** Publishes events on /user/<me>, applying the event faults. */
class Publisher {
  duplicate = 0
  reorder = 0
  batch = 0
  lose = 0
  count = 0
  private held?: PushEvent
  private readonly batched: PushEvent[] = []

  constructor(
    private readonly client: Client,
    private readonly channel: string,
  ) {}

  event(event: PushEvent): void {
    if (this.lose > 0) {
      this.lose--
      return
    }

    if (this.batch > 0) {
      this.batched.push(event)
      if (--this.batch === 0) for (const each of this.batched.splice(0)) this.send(each)
      return
    }

    if (this.held) {
      const first = this.held
      this.held = undefined
      this.send(event)
      this.send(first)
      return
    }

    if (this.reorder > 0) {
      this.reorder--
      this.held = event
      return
    }

    this.send(event)
    if (this.duplicate > 0) {
      this.duplicate--
      this.send(event)
    }
  }

  private send(event: PushEvent): void {
    this.count++
    this.client.publish(this.channel, event as BayeuxMessage['data'])
  }
}
