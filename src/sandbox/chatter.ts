import {ALICE, BOB, CAROL} from './seed.js'
import type {SandboxStore} from './store.js'

const LINES = ['Are you there?', 'Just landed ✈️', 'Running 5 minutes late', 'Did you see the game last night?', 'Lunch tomorrow?', 'Sent you the file', 'ok 👍']

/**
 * Someone writes to you every `seconds`: Alice, Bob and Carol in turn. For the demo of `dm watch`,
 * where a message has to appear while you look. Returns the function that stops it.
 */
export function startChatter(store: SandboxStore, seconds: number): () => void {
  const partners = [ALICE, BOB, CAROL].filter((user) => store.users.has(user.id))
  let turn = 0
  const timer = setInterval(() => {
    const partner = partners[turn % partners.length]
    store.insert({senderId: partner.id, otherUserId: partner.id, text: LINES[turn % LINES.length]})
    turn++
  }, seconds * 1000)
  return () => clearInterval(timer)
}
