import type {SandboxStore, SandboxUser} from './store.js'

export const BENCH_PARTNER: SandboxUser = {id: '200000001', name: 'Bench Partner', avatar_url: null}

/**
 * The most messages --messages generates: under 1 GB of memory, ten times the largest benchmark
 * (docs/decisions/0030-sandbox-messages-is-capped-at-1-000-000.md).
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

/** The partners of `generateChats`: user ids 300000001, 300000002, ... */
export function chatPartner(index: number): SandboxUser {
  return {id: String(300_000_001 + index), name: `Partner ${index + 1}`, avatar_url: null}
}

/**
 * `chats` conversations of `perChat` messages each, for the archive's tests and benchmarks. The
 * messages of all chats are interleaved in time (one every SPACING_SECONDS across the account),
 * so ids grow with time as on the service.
 */
export function generateChats(store: SandboxStore, chats: number, perChat: number): void {
  const partners = Array.from({length: chats}, (_, index) => store.addUser(chatPartner(index)))
  const total = chats * perChat
  const start = BENCH_END - total * SPACING_SECONDS
  for (let i = 0; i < total; i++) {
    const partner = partners[i % chats]
    const n = Math.floor(i / chats)
    store.insert({
      senderId: Math.floor(n / 3) % 2 === 0 ? partner.id : store.me.id,
      otherUserId: partner.id,
      createdAt: start + i * SPACING_SECONDS,
      text: chatText(n, perChat, i),
    })
  }
}

const WORDS = ['coffee', 'budget', 'meeting', 'weekend', 'train', 'pizza', 'deadline', 'concert', 'garden', 'invoice', 'holiday', 'report']

/** Varied words, so a full-text search has selective terms to find (bench A3). */
function chatText(n: number, perChat: number, i: number): string {
  const word = WORDS[i % WORDS.length]
  const other = WORDS[(i * 7 + 3) % WORDS.length]
  const text = `Message ${n + 1} of ${perChat} about ${word} and ${other} #${i}`
  return n % 10 === 9 ? `${text} 🎉` : text
}
