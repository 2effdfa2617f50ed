import type {Message, MessageQuery} from '../../../src/api/api.js'
import {type DirectMessage, SandboxStore} from '../../../src/sandbox/store.js'
import {type ReshapePage, SandboxClient} from './sandbox-client.js'

/** "Me" in these conversations. */
export const ME_ID = '100000001'

/** `reshapePage` for SandboxClient: the changes a service may make to a page. */
export type Reshape = ReshapePage

export interface Conversation {
  api: SandboxClient
  store: SandboxStore
  /** The conversation's messages, oldest first, as the service sends them. */
  messages: Message[]
}

/**
 * A conversation of `count` messages with `otherUserId` in a sandbox store, served in-process by
 * the real client over the sandbox in-process, with the sandbox's paging rules (docs/service.md, Messages). Ids are 18 digits beyond
 * 2^53; with `crossDigits` they run from 18 to 19 digits, so any string comparison of ids of
 * different lengths would show.
 */
export function conversation(
  otherUserId: string,
  count: number,
  options: {crossDigits?: boolean; from?: 'me' | 'other'; reshape?: Reshape} = {},
): Conversation {
  const store = new SandboxStore({id: ME_ID, name: 'Me', avatar_url: null}, 'http://sandbox.invalid', () => 1_800_000_000_000)
  store.addUser({id: otherUserId, name: 'Other', avatar_url: null})
  const start = options.crossDigits ? 1_000_000_000_000_000_000n - BigInt(Math.floor(count / 2)) * 3n : 171_234_567_890_123_456n
  const senderId = options.from === 'me' ? ME_ID : otherUserId
  const stored = Array.from({length: count}, (_unused, index) =>
    store.insert({id: (start + BigInt(index) * 3n).toString(), senderId, otherUserId, createdAt: 1_700_000_000 + index, text: `message ${index}`}),
  )
  return {api: new SandboxClient(store, {reshapePage: options.reshape}), store, messages: stored.map(asMessage)}
}

/** Cut answer number `index` (0-based) down to `size` messages: a short page, the start of the full one. */
export function shortPages(sizes: Record<number, number>): Reshape {
  return (page, {index}) => (sizes[index] === undefined ? page : page.slice(0, sizes[index]))
}

/** Answer request number `index` with nothing (a 304), whatever is left. */
export function emptyAt(index: number): Reshape {
  return (page, call) => (call.index === index ? [] : page)
}

/** Also return the before_id message itself, as a service with an inclusive cursor would. */
export function inclusiveCursor(history: () => readonly DirectMessage[]): Reshape {
  return (page, {query}) => {
    const cursor = query.beforeId === undefined ? undefined : history().find((message) => message.id === query.beforeId)
    return cursor ? [cursor, ...page] : page
  }
}

/** after_id answers in a scrambled order (the service does not document the order): never sorted when 3 or more. */
export function shuffledAfterId(): Reshape {
  let seed = 12345
  return (page, {query}: {query: MessageQuery}) => {
    if (query.afterId === undefined) return page
    const out = [...page]
    for (let i = out.length - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      const j = seed % (i + 1)
      ;[out[i], out[j]] = [out[j], out[i]]
    }

    if (out.length >= 3 && out.every((message, i) => i === 0 || BigInt(out[i - 1].id) < BigInt(message.id))) {
      ;[out[0], out[1]] = [out[1], out[0]]
    }

    return out
  }
}

export function ids(messages: readonly Message[]): string[] {
  return messages.map((message) => message.id)
}

export async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = []
  for await (const page of pages) out.push(page)
  return out
}

function asMessage(message: DirectMessage): Message {
  return {...message}
}
