/**
 * The part of the `faye` package (1.4.x, CommonJS, no types of its own) that dm watch and the
 * sandbox use. Names and shapes follow faye's source (src/protocol/client.js, src/adapters/node_adapter.js).
 */
declare module 'faye' {
  /** A Bayeux message as it passes through an extension. */
  export interface BayeuxMessage {
    channel: string
    id?: string
    clientId?: string
    successful?: boolean
    error?: string
    subscription?: string | string[]
    data?: unknown
    ext?: Record<string, unknown>
    advice?: {reconnect?: string; interval?: number; timeout?: number}
    [field: string]: unknown
  }

  /** Called with the message to pass on, or null to drop it. */
  export type Next = (message: BayeuxMessage | null) => void

  export interface ClientExtension {
    incoming?(message: BayeuxMessage, callback: Next): void
    outgoing?(message: BayeuxMessage, callback: Next): void
  }

  /** On the server, `request` is null for messages from the in-process client (getClient()). */
  export interface ServerExtension {
    incoming?(message: BayeuxMessage, request: unknown, callback: Next): void
    outgoing?(message: BayeuxMessage, request: unknown, callback: Next): void
  }

  /** A thenable that settles once the server acknowledged (or refused) the subscription. */
  export interface Subscription {
    then(onSuccess: () => void, onError: (error: {code?: number | null; message?: string}) => void): void
    cancel(): void
  }

  export interface ClientOptions {
    /** Seconds a request may take before it is retried, until the server's advice says otherwise. */
    timeout?: number
    /** Seconds between faye's own retries of a failed message. */
    retry?: number
  }

  export class Client {
    constructor(endpoint: string | Record<string, unknown>, options?: ClientOptions)
    addExtension(extension: ClientExtension): void
    /** 'websocket' leaves long-polling over HTTP. */
    disable(feature: string): void
    subscribe(channel: string, callback: (data: unknown) => void): Subscription
    publish(channel: string, data: unknown): {then(onSuccess: () => void, onError: (error: unknown) => void): void}
    disconnect(): void
    on(event: 'transport:up' | 'transport:down', listener: () => void): void
  }

  export interface NodeAdapterOptions {
    mount: string
    /** Seconds the server holds a /meta/connect before answering it empty. */
    timeout?: number
  }

  export class NodeAdapter {
    constructor(options: NodeAdapterOptions)
    attach(server: import('node:http').Server): void
    addExtension(extension: ServerExtension): void
    /** An in-process client whose messages reach the server's extensions with `request` null. */
    getClient(): Client
    close(): void
  }

  const Faye: {Client: typeof Client; NodeAdapter: typeof NodeAdapter}
  export default Faye
}
