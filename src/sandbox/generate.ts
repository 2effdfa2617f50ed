import type {SandboxStore, SandboxUser} from './store.js'

export const BENCH_PARTNER: SandboxUser = {id: '200000001', name: 'Bench Partner', avatar_url: null}

/**
 * The most messages --messages generates: each holds about 900 bytes of memory (300,000 took
 * 264 MB of RSS), so this is under 1 GB, ten times the largest benchmark.
 */
export const MAX_GENERATED_MESSAGES = 1_000_000

const BENCH_END = 1_793_491_200 // 2026-11-01T00:00:00Z
const SPACING_SECONDS = 37

/** One conversation of `count` messages between "me" and BENCH_PARTNER, in runs of three per sender. */
export function generateConversation(store: SandboxStore, count: number): void {
  store.addUser(BENCH_PARTNER)
  const start = BENCH_END - count * SPACING_SECONDS
  for (let i = 0; i < count; i++) {
    store.insert({
      senderId: Math.floor(i / 3) % 2 === 0 ? BENCH_PARTNER.id : store.me.id,
      otherUserId: BENCH_PARTNER.id,
      createdAt: start + i * SPACING_SECONDS,
      text: benchText(i, count),
    })
  }
}

/** Mostly plain lines, with some emoji and multi-line text so formatting does real work. */
function benchText(i: number, count: number): string {
  const text = `Bench message ${i + 1} of ${count}`
  if (i % 50 === 49) return `${text}\nsecond line\twith a tab`
  if (i % 10 === 9) return `${text} 🎉`
  return text
}
