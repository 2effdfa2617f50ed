/**
 * Answers that say success but are not what the endpoint sends (docs/service.md, Messages): a 200
 * with no body, `{}`, a null `response`, an object where the list should be, or a 204 on a GET.
 */
export const BROKEN_SHAPES = ['empty-body', 'empty-object', 'null-response', 'not-array', 'no-content'] as const
export type BrokenShape = (typeof BROKEN_SHAPES)[number]

export type FaultSpec = {
  /** Match; undefined = any. */
  method?: string
  /** Match on the pathname, e.g. '/v3/direct_messages'; undefined = any. */
  path?: string | RegExp
  /** How many matching requests it applies to (default 1). */
  times?: number
} & (
  | {kind: 'status'; status: number; headers?: Record<string, string>; body?: string}
  | {kind: 'reset'}
  | {kind: 'drop-after-commit'}
  | {kind: 'delay'; ms: number}
  /** A success status with a broken body, in place of the answer. */
  | {kind: 'broken'; shape: BrokenShape}
  /** The real answer, with every id-like field (`id`, `*_id`) holding digits sent as a bare JSON number. */
  | {kind: 'numeric-ids'}
  /** The real answer after `bytes` of leading whitespace, streamed: a body too big to hold. */
  | {kind: 'huge'; bytes: number}
  /** The real answer one byte every `intervalMs`: a connection that never stalls long enough to time out by idleness. */
  | {kind: 'trickle'; intervalMs: number}
)

export interface RandomFaultOptions {
  rate: number
  statuses?: number[]
  /** Broken success answers to mix in with the statuses, each as likely as one status. */
  shapes?: BrokenShape[]
  seed?: number
}

const DEFAULT_STATUSES = [429, 500, 502, 503]

/** Injected faults, consumed in order of injection among those that match, then random ones. */
export class FaultInjector {
  private readonly queue: Array<{spec: FaultSpec; remaining: number}> = []
  private random?: {rate: number; faults: FaultSpec[]; next: () => number}

  inject(spec: FaultSpec): void {
    const remaining = spec.times ?? 1
    if (remaining > 0) this.queue.push({spec, remaining})
  }

  randomFaults(options: RandomFaultOptions): void {
    this.random =
      options.rate > 0
        ? {
            rate: options.rate,
            faults: [
              ...(options.statuses ?? DEFAULT_STATUSES).map((status): FaultSpec => ({kind: 'status', status})),
              ...(options.shapes ?? []).map((shape): FaultSpec => ({kind: 'broken', shape})),
            ],
            next: mulberry32(options.seed ?? 1),
          }
        : undefined
  }

  /** The fault for this request, if any. */
  take(method: string, pathname: string): FaultSpec | undefined {
    const index = this.queue.findIndex(({spec}) => matches(spec, method, pathname))
    if (index >= 0) {
      const entry = this.queue[index]
      if (--entry.remaining === 0) this.queue.splice(index, 1)
      return entry.spec
    }

    const random = this.random
    if (random && random.next() < random.rate) {
      return random.faults[Math.floor(random.next() * random.faults.length)]
    }

    return undefined
  }
}

function matches(spec: FaultSpec, method: string, pathname: string): boolean {
  if (spec.method !== undefined && spec.method.toUpperCase() !== method) return false
  if (spec.path === undefined) return true
  // search() ignores lastIndex, so a /g pattern matches every time
  return typeof spec.path === 'string' ? spec.path === pathname : pathname.search(spec.path) !== -1
}

/** Small seeded PRNG: the same seed gives the same fault sequence. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}
