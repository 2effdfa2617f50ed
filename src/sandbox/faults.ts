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
)

export interface RandomFaultOptions {
  rate: number
  statuses?: number[]
  seed?: number
}

const DEFAULT_STATUSES = [429, 500, 502, 503]

/** Injected faults, consumed in order of injection among those that match, then random ones. */
export class FaultInjector {
  private readonly queue: Array<{spec: FaultSpec; remaining: number}> = []
  private random?: {rate: number; statuses: number[]; next: () => number}

  inject(spec: FaultSpec): void {
    const remaining = spec.times ?? 1
    if (remaining > 0) this.queue.push({spec, remaining})
  }

  randomFaults(options: RandomFaultOptions): void {
    this.random =
      options.rate > 0
        ? {rate: options.rate, statuses: options.statuses ?? DEFAULT_STATUSES, next: mulberry32(options.seed ?? 1)}
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
      return {kind: 'status', status: random.statuses[Math.floor(random.next() * random.statuses.length)]}
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
