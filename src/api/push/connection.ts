/**
 * A connection to GroupMe's push service (docs/push.md) that notices when it dies and comes back.
 *
 * One faye client per connection: whenever anything goes wrong (a dropped transport, a refused
 * connect, silence past the watchdog, or simply the half-hourly renewal) the client is thrown away
 * and a new one handshakes after a jittered back-off. A new client never reuses a stale clientId,
 * and every successful subscribe is reported (`connected`) so that the caller catches up over
 * REST whatever push missed meanwhile.
 */
import type {BayeuxMessage, Client} from 'faye'

import type {Clock, Timer} from '../../base/clock.js'
import {type AuthError, TokenRefusedError} from '../../base/errors.js'
import {sanitizeLine, shorten} from '../../base/sanitize.js'
import {DEFAULT_RETRY_POLICY, retryDelayMs} from '../retry.js'

export interface PushListener {
  /** A data message on /user/<id>, as sent. */
  event(data: unknown): void
  /** Subscribed, the first time or again: whatever was published meanwhile is not replayed. */
  connected(): void
  /** No subscription for `giveUpMs`: push is down until `connected` is called again. */
  down(): void
  /** A 401 on handshake or subscribe: the token is not accepted. Nothing is retried after it. */
  failed(error: AuthError): void
  /** A line for stderr. */
  note(line: string): void
}

export interface PushSettings {
  /** GROUPME_PUSH_URL, already checked (pushUrlFromEnv). */
  url: string
  token: string
  userId: string
  /** Renew (re-handshake and re-subscribe) this often: the subscription goes stale in about an hour. */
  renewMs: number
  /** Without a subscription for this long, push counts as down and the caller polls. */
  giveUpMs: number
  /** For tests: long-polling answers carry several events at once; websockets one a frame. */
  transport?: 'websocket' | 'long-polling'
  /** --debug: say why each reconnect happens. */
  debug?: (line: string) => void
  /** What the watchdog, the back-off and the renewal run on. */
  clock: Clock
}

/** Before the server has advised a connect timeout: how long a handshake may take. */
const FIRST_ANSWER_MS = 10_000
const BACKOFF_BASE_MS = 500
const BACKOFF_MAX_MS = 60_000
const BACKOFF_POLICY = {...DEFAULT_RETRY_POLICY, baseDelayMs: BACKOFF_BASE_MS, maxDelayMs: BACKOFF_MAX_MS}
const META_WITH_TOKEN = new Set(['/meta/handshake', '/meta/subscribe'])

export class PushConnection {
  private session?: Session
  private attempts = 0
  private reopenTimer?: Timer
  private readonly watchdog: Timer
  private stopped = false
  /** Since when there has been no subscription; undefined while subscribed. */
  private downSince: number | undefined
  private saidDown = false

  private constructor(
    private readonly faye: {Client: typeof Client},
    private readonly settings: PushSettings,
    private readonly listener: PushListener,
  ) {
    this.downSince = settings.clock.now()
    this.watchdog = settings.clock.every(250, () => this.check())
  }

  /** faye is loaded here, and only here: no other command pays for it. */
  static async open(settings: PushSettings, listener: PushListener): Promise<PushConnection> {
    const {default: faye} = await import('faye')
    const connection = new PushConnection(faye, settings, listener)
    connection.reopen()
    return connection
  }

  stop(): void {
    this.stopped = true
    this.watchdog.cancel()
    this.reopenTimer?.cancel()
    this.session?.close()
  }

  private reopen(): void {
    if (this.stopped) return
    this.session?.close()
    const session = new Session(this.faye, this.settings, {
      event: (data) => this.listener.event(data),
      subscribed: () => this.subscribed(session),
      trouble: (reason) => this.trouble(session, reason),
      fatal: (error) => {
        this.stop()
        this.listener.failed(error)
      },
    })
    this.session = session
    this.reopenTimer?.cancel()
    this.reopenTimer = this.settings.clock.after(this.settings.renewMs, () => this.renew(session))
  }

  private subscribed(session: Session): void {
    if (session !== this.session) return
    this.attempts = 0
    if (this.saidDown) this.listener.note('push is back: messages arrive as they are sent again')
    this.downSince = undefined
    this.saidDown = false
    this.listener.connected()
  }

  /** Throw the client away and try again after a jittered back-off, longer after each failure. */
  private trouble(session: Session, reason: string): void {
    if (session !== this.session || this.stopped) return
    session.close()
    this.downSince ??= this.settings.clock.now()
    // Attempt 1 waits about BACKOFF_BASE_MS, each later one twice as long, up to BACKOFF_MAX_MS.
    const delay = retryDelayMs(BACKOFF_POLICY, ++this.attempts)
    this.settings.debug?.(`push: ${reason}; reconnecting in ${Math.round(delay)} ms`)
    this.reopenTimer?.cancel()
    this.reopenTimer = this.settings.clock.after(delay, () => this.reopen())
  }

  /** Renewal: a fresh handshake before the subscription goes stale; no back-off, the old one still worked. */
  private renew(session: Session): void {
    if (session === this.session) this.reopen()
  }

  private check(): void {
    const session = this.session
    if (!session || session.closed) {
      this.announceDown()
      return
    }

    if (this.settings.clock.now() - session.lastHeard > session.silenceLimitMs()) this.trouble(session, 'no answer from the push service')
    this.announceDown()
  }

  private announceDown(): void {
    if (this.downSince === undefined || this.saidDown || this.settings.clock.now() - this.downSince < this.settings.giveUpMs) return
    this.saidDown = true
    this.listener.down()
  }
}

interface SessionHooks {
  event(data: unknown): void
  subscribed(): void
  trouble(reason: string): void
  fatal(error: AuthError): void
}

/** One faye client: handshake, subscribe to /user/<id>, the connect loop. Closed for good on the first trouble. */
class Session {
  closed = false
  lastHeard: number
  private adviceTimeoutMs?: number
  private readonly client: Client

  constructor(faye: {Client: typeof Client}, settings: PushSettings, private readonly hooks: SessionHooks) {
    this.lastHeard = settings.clock.now()
    this.client = new faye.Client(settings.url, {timeout: FIRST_ANSWER_MS / 1000, retry: 1})
    if (settings.transport === 'long-polling') this.client.disable('websocket')
    let saidMalformed = false
    onlyBayeuxReplies(this.client, (reply) => {
      // Said once a connection; the silence watchdog replaces a client that hears nothing else.
      if (this.closed || saidMalformed) return
      saidMalformed = true
      settings.debug?.(`push: ignored an answer that is not a Bayeux message: ${shapeOf(reply)}`)
    })
    this.client.addExtension({
      outgoing: (message, next) => {
        if (this.closed) return next(null)
        // The token travels in the message, never in the URL (docs/push.md, Protocol and endpoint).
        if (META_WITH_TOKEN.has(message.channel)) message.ext = {...message.ext, access_token: settings.token}
        next(message)
      },
      incoming: (message, next) => {
        if (this.closed) return
        this.lastHeard = settings.clock.now()
        if (typeof message.advice?.timeout === 'number') this.adviceTimeoutMs = message.advice.timeout
        if (message.channel.startsWith('/meta/') && message.successful === false) return this.refused(message)
        next(message)
        if (message.channel === '/meta/subscribe' && message.successful) this.hooks.subscribed()
      },
    })
    this.client.on('transport:down', () => {
      if (!this.closed) this.hooks.trouble('the push connection went down')
    })
    this.client.subscribe(`/user/${settings.userId}`, (data) => {
      if (!this.closed) this.hooks.event(data)
    })
  }

  /**
   * How long silence may last: the server answers every connect within its advised timeout (and
   * GroupMe also pings about every 30 s), so well past that the connection is dead.
   */
  silenceLimitMs(): number {
    return this.adviceTimeoutMs === undefined ? FIRST_ANSWER_MS : this.adviceTimeoutMs * 1.5 + 2000
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    closeClient(this.client)
  }

  /** A refused handshake or subscribe with 401 is the token; anything else is worth another try. */
  private refused(message: BayeuxMessage): void {
    const {code, text} = parseBayeuxError(message.error)
    const authChannel = message.channel === '/meta/handshake' || message.channel === '/meta/subscribe'
    if (authChannel && code === 401 && !/unknown client/i.test(text)) {
      const what = `${message.channel}: 401 ${text || 'Unauthorized'}`
      this.hooks.fatal(new TokenRefusedError(what))
      return
    }

    this.hooks.trouble(`${message.channel} refused: ${message.error ?? 'no reason given'}`)
  }
}

/**
 * A push server may answer anything: `[null]`, `{}`, `"str"`, a message whose channel is not a
 * string. faye reads `reply.id` and its extensions `reply.channel` without a check, so a reply that
 * is not an object with a string channel is dropped here, before faye sees it (its dispatcher's
 * handleResponse, faye 1.4's internals, as closeClient).
 */
function onlyBayeuxReplies(client: Client, ignored: (reply: unknown) => void): void {
  const dispatcher = (client as unknown as {_dispatcher?: {handleResponse(reply: unknown): void}})._dispatcher
  if (!dispatcher) return
  const handle = dispatcher.handleResponse.bind(dispatcher)
  dispatcher.handleResponse = (reply) => {
    const bayeux = typeof reply === 'object' && reply !== null && !Array.isArray(reply) && typeof (reply as {channel?: unknown}).channel === 'string'
    if (bayeux) handle(reply)
    else ignored(reply)
  }
}

/** A short, safe picture of what came: at most 60 characters of it, no control characters. */
function shapeOf(reply: unknown): string {
  let text: string
  try {
    text = JSON.stringify(reply) ?? String(reply)
  } catch {
    text = typeof reply
  }

  return shorten(sanitizeLine(text), 60)
}

interface FayeTransport {
  close(): void
  /** faye's Deferrable: called with the socket once a websocket opens (at once if it is open). */
  callback?(listener: (socket?: {close(): void}) => void): void
}

/**
 * faye keeps retrying queued messages while it has a transport, and disconnect() lets go of the
 * transport only once the server answers, which a dead connection never does. So the transports
 * are closed here, through faye 1.4's internals (the dispatcher and its transports by type), the
 * websocket it may still be opening to probe included: nothing may outlive the client.
 */
export function closeClient(client: Client): void {
  try {
    client.disconnect()
  } catch {
    // A client that never connected has nothing to say goodbye to.
  }

  closeTransports(client)
}

function closeTransports(client: Client): void {
  const dispatcher = (client as unknown as {_dispatcher?: {close(): void; transports?: Record<string, Map<string, FayeTransport> | Record<string, FayeTransport>>}})
    ._dispatcher
  dispatcher?.close()
  for (const byEndpoint of Object.values(dispatcher?.transports ?? {})) {
    for (const transport of byEndpoint instanceof Map ? byEndpoint.values() : Object.values(byEndpoint)) {
      transport.close()
      transport.callback?.((socket) => socket?.close())
    }
  }
}

/** Bayeux errors read `code:params:message`, e.g. `401::Unauthorized` or `401:abc:Unknown client`. */
export function parseBayeuxError(error: string | undefined): {code?: number; text: string} {
  const match = /^(\d{3}):[^:]*:(.*)$/s.exec(error ?? '')
  return match ? {code: Number(match[1]), text: match[2]} : {text: error ?? ''}
}
