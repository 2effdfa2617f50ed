import type {GroupMeClient, Message, MessagePage, MessageQuery} from '../../../src/api/client.js'

/**
 * A stand-in for GroupMeClient.listMessages over an in-memory conversation, with the service's
 * paging semantics from NOTES.md (Messages):
 * - no cursor: the newest `limit`, newest first;
 * - before_id (exclusive): the newest `limit` older than it, newest first;
 * - since_id: the NEWEST `limit` after it (the ones in between are skipped), newest first;
 * - after_id: the oldest `limit` after it, in a shuffled order (the order is not documented).
 * An empty answer stands for the service's 304.
 */
export interface FakeOptions {
  /** Cut the answer to request number `index` (0-based) down to this many messages: a short page. */
  shortPages?: Record<number, number>
  /** Answer request number `index` with an empty page whatever is left. */
  emptyAt?: number
  /** Also return the cursor message itself (an inclusive before_id), to check de-duplication. */
  inclusiveCursor?: boolean
}

export class FakeMessages {
  readonly queries: MessageQuery[] = []
  /** What each request answered, in the order sent. */
  readonly answers: Message[][] = []
  private readonly ascending: Message[]
  private seed = 12345

  constructor(
    messages: Message[],
    private readonly options: FakeOptions = {},
  ) {
    this.ascending = [...messages].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
  }

  get client(): GroupMeClient {
    return {listMessages: (query: MessageQuery) => this.listMessages(query)} as unknown as GroupMeClient
  }

  async listMessages(query: MessageQuery): Promise<MessagePage> {
    const index = this.queries.length
    this.queries.push({...query})
    const limit = query.limit ?? 20
    let answer: Message[]
    if (this.options.emptyAt === index) {
      answer = []
    } else if (query.afterId !== undefined) {
      const after = BigInt(query.afterId)
      answer = this.ascending.filter((message) => BigInt(message.id) > after).slice(0, limit)
    } else if (query.sinceId !== undefined) {
      const since = BigInt(query.sinceId)
      answer = this.ascending.filter((message) => BigInt(message.id) > since).slice(-limit).reverse()
    } else {
      const before = query.beforeId === undefined ? undefined : BigInt(query.beforeId)
      const older = this.ascending.filter((message) => {
        const id = BigInt(message.id)
        if (before === undefined) return true
        return this.options.inclusiveCursor ? id <= before : id < before
      })
      answer = older.slice(-limit).reverse()
    }

    // A short page is the start of the full one: the next cursor carries on from it, nothing is skipped.
    const short = this.options.shortPages?.[index]
    if (short !== undefined) answer = answer.slice(0, short)
    if (query.afterId !== undefined) answer = this.shuffle(answer)
    this.answers.push(answer)
    await Promise.resolve()
    return {count: this.ascending.length, direct_messages: answer.map((message) => ({...message}))}
  }

  /** A deterministic shuffle that never leaves a page of 3+ in sorted order. */
  private shuffle(messages: Message[]): Message[] {
    const out = [...messages]
    for (let i = out.length - 1; i > 0; i--) {
      this.seed = (this.seed * 1103515245 + 12345) % 2 ** 31
      const j = this.seed % (i + 1)
      ;[out[i], out[j]] = [out[j], out[i]]
    }

    if (out.length >= 3 && out.every((message, i) => i === 0 || BigInt(out[i - 1].id) < BigInt(message.id))) {
      ;[out[0], out[1]] = [out[1], out[0]]
    }

    return out
  }
}

/**
 * `count` messages with 18-digit ids beyond 2^53, oldest first. With `crossDigits` the ids run
 * from 18 to 19 digits, so any string comparison of ids of different lengths would show.
 */
export function makeMessages(count: number, options: {crossDigits?: boolean} = {}): Message[] {
  const start = options.crossDigits ? 1_000_000_000_000_000_000n - BigInt(Math.floor(count / 2)) * 3n : 171_234_567_890_123_456n
  return Array.from({length: count}, (_unused, index) => {
    const id = (start + BigInt(index) * 3n).toString()
    return {id, created_at: 1_700_000_000 + index, text: `message ${index}`, sender_id: '93645911'}
  })
}

export function ids(messages: readonly Message[]): string[] {
  return messages.map((message) => message.id)
}

export async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = []
  for await (const page of pages) out.push(page)
  return out
}
