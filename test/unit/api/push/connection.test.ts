/**
 * The push connection (src/api/push/connection.ts) against the sandbox's push endpoint, with its
 * watchdog, back-off and renewal on a FakeClock: faye and the sockets are real, the waits are not.
 * The test moves the clock and waits only for what the connection reports.
 */
import {afterEach, describe, expect, test} from '@jest/globals'
import {PushConnection, type PushListener} from '../../../../src/api/push/connection.js'
import type {AuthError} from '../../../../src/base/errors.js'
import {ME, type Sandbox} from '../../../../src/sandbox/index.js'
import {FakeClock} from '../../../helpers/clock.js'
import {sandboxPerTest} from '../../../helpers/sandbox.js'
import {waitFor} from '../../../helpers/wait.js'
import {startScriptedServer} from '../../helpers/http-server.js'

/** The sandbox answers an idle connect after a quarter of a second. */
const PUSH_TIMEOUT_SECONDS = 0.25
/** Silence the watchdog notices once the server's advice is known: 1.5 advised timeouts and 2 s. */
const SILENCE_LIMIT_MS = PUSH_TIMEOUT_SECONDS * 1000 * 1.5 + 2000
const RENEW_MS = 1000
const GIVE_UP_MS = 5000

const sandboxWith = sandboxPerTest()
const open: PushConnection[] = []
afterEach(() => {
  for (const connection of open.splice(0)) connection.stop()
})

interface Heard {
  connected: number
  down: number
  events: unknown[]
  failed: AuthError[]
  notes: string[]
  debug: string[]
}

async function connect(sandbox: Sandbox, overrides: {url?: string; token?: string; renewMs?: number} = {}) {
  const clock = new FakeClock(Date.UTC(2026, 9, 20, 9))
  const heard: Heard = {connected: 0, down: 0, events: [], failed: [], notes: [], debug: []}
  const listener: PushListener = {
    event: (data) => heard.events.push(data),
    connected: () => heard.connected++,
    down: () => heard.down++,
    failed: (error) => heard.failed.push(error),
    note: (line) => heard.notes.push(line),
  }
  const connection = await PushConnection.open(
    {
      url: overrides.url ?? sandbox.env.GROUPME_PUSH_URL,
      token: overrides.token ?? sandbox.token,
      userId: ME.id,
      renewMs: overrides.renewMs ?? RENEW_MS,
      giveUpMs: GIVE_UP_MS,
      transport: 'long-polling',
      debug: (line) => heard.debug.push(line),
      clock,
    },
    listener,
  )
  open.push(connection)
  return {clock, heard, connection}
}

/** The reconnects the connection announced (a renewal is not one). */
const reconnects = (heard: Heard) => heard.debug.filter((line) => line.includes('reconnecting in'))

/** The wait a reconnect announced, in ms. */
const backoffOf = (line: string) => Number(/reconnecting in (\d+) ms/.exec(line)![1])

/**
 * Wait for the first subscription. On a loaded machine faye's first answer can take longer than its
 * own real-time timeout; the connection then announces a reconnect on the fake clock, which is moved
 * on to it here, so the test waits for the outcome and not for the machine.
 */
async function firstSubscription(clock: FakeClock, heard: Heard): Promise<void> {
  let announced = 0
  for (;;) {
    await waitFor(() => heard.connected === 1 || reconnects(heard).length > announced)
    if (heard.connected === 1) return
    await clock.advance(backoffOf(reconnects(heard)[announced++]))
  }
}

/** A minimal Bayeux server's answer (handshake, subscribe, connect) to a long-polling request, each message's id echoed. */
function bayeuxReply(body: string): {status: number; body: unknown; delayMs: number} {
  const messages = JSON.parse(body) as Array<{channel: string; id?: string; subscription?: string}>
  return {
    status: 200,
    // An idle connect is held a quarter of a second, as a real server holds it, not answered in a loop.
    delayMs: messages.every((message) => message.channel === '/meta/connect') ? 250 : 0,
    body: messages.map((message) => {
      const base = {channel: message.channel, id: message.id, successful: true, clientId: 'back-client'}
      if (message.channel === '/meta/handshake') return {...base, version: '1.0', supportedConnectionTypes: ['long-polling'], advice: {reconnect: 'retry', interval: 0, timeout: 250}}
      if (message.channel === '/meta/subscribe') return {...base, subscription: message.subscription}
      return {...base, advice: {reconnect: 'retry', interval: 0, timeout: 250}}
    }),
  }
}

describe('the push connection on a fake clock', () => {
  test('subscribes, and events arrive', async () => {
    const sandbox = await sandboxWith({pushTimeoutSeconds: PUSH_TIMEOUT_SECONDS})
    const {clock, heard} = await connect(sandbox)
    await firstSubscription(clock, heard)
    sandbox.store.addMessages('118825642', 1)
    await waitFor(() => heard.events.length === 1)
    expect(heard.events[0]).toMatchObject({type: 'direct_message.create'})
  })

  test('renewal: after renewMs, a fresh handshake and subscription, with no back-off and no trouble', async () => {
    const sandbox = await sandboxWith({pushTimeoutSeconds: PUSH_TIMEOUT_SECONDS})
    const {clock, heard} = await connect(sandbox)
    await waitFor(() => heard.connected === 1)
    await clock.advance(RENEW_MS - 1)
    expect(sandbox.push.subscribes).toBe(1)
    await clock.advance(1)
    await waitFor(() => heard.connected === 2)
    expect(sandbox.push.subscribes).toBe(2)
    expect(reconnects(heard)).toEqual([])
  })

  test('silence: the watchdog notices past the limit the server advised, and a new client subscribes after the back-off', async () => {
    const sandbox = await sandboxWith({pushTimeoutSeconds: PUSH_TIMEOUT_SECONDS})
    // No renewal meanwhile: it would replace the silent client itself.
    const {clock, heard} = await connect(sandbox, {renewMs: 3_600_000})
    await waitFor(() => heard.connected === 1)
    const subscribes = sandbox.push.subscribes
    sandbox.push.faults.silence()
    const silentFrom = clock.now()
    // Not before the limit; then at a look of the watchdog (every 250 ms) past it. (An answer
    // already on its way when the silence began may move the start by a look or two.)
    await clock.advance(SILENCE_LIMIT_MS - 125)
    expect(reconnects(heard)).toEqual([])
    for (let look = 0; look < 8 && reconnects(heard).length === 0; look++) await clock.advance(250)
    expect(clock.now() - silentFrom).toBeGreaterThan(SILENCE_LIMIT_MS)
    const [line] = reconnects(heard)
    expect(line).toMatch(/^push: no answer from the push service; reconnecting in \d+ ms$/)
    expect(sandbox.push.subscribes).toBe(subscribes)
    await clock.advance(backoffOf(line))
    await waitFor(() => heard.connected === 2)
    expect(heard.down).toBe(0)
  })

  test('a drop: the client is replaced after a back-off, and the new subscription is reported', async () => {
    const sandbox = await sandboxWith({pushTimeoutSeconds: PUSH_TIMEOUT_SECONDS})
    const {clock, heard} = await connect(sandbox)
    await waitFor(() => heard.connected === 1)
    sandbox.push.faults.dropConnections()
    await waitFor(() => reconnects(heard).length === 1)
    expect(reconnects(heard)[0]).toMatch(/^push: .*; reconnecting in \d+ ms$/)
    await clock.advance(backoffOf(reconnects(heard)[0]))
    await waitFor(() => heard.connected === 2)
    // Down was never said, so there is no "back" to say.
    expect(heard.notes).toEqual([])
  })

  test('unreachable: down is said once, after giveUpMs without a subscription', async () => {
    const sandbox = await sandboxWith()
    const {clock, heard} = await connect(sandbox, {url: 'http://127.0.0.1:9/faye'})
    await clock.advance(GIVE_UP_MS - 250)
    expect(heard.down).toBe(0)
    await clock.advance(250)
    expect(heard.down).toBe(1)
    await clock.advance(GIVE_UP_MS * 4)
    expect(heard.down).toBe(1)
    expect(heard.connected).toBe(0)
  })

  test('back: once down was said, the first subscription after it says push is back, once', async () => {
    // A Bayeux server that is unreachable (every request reset) until the test lets it answer.
    let up = false
    const server = await startScriptedServer()
    try {
      server.script((request) => (up ? bayeuxReply(request.body) : {destroy: true}))
      const sandbox = await sandboxWith()
      const {clock, heard} = await connect(sandbox, {url: `${server.url}/faye`, renewMs: 3_600_000})
      await clock.advance(GIVE_UP_MS)
      expect({down: heard.down, notes: heard.notes}).toEqual({down: 1, notes: []})

      up = true
      // Follow the back-offs: each turn runs out the last one announced, then waits for what the
      // attempt did (a request sent before the server came up still fails once more).
      while (heard.connected === 0) {
        const announced = reconnects(heard)
        await clock.advance(announced.length > 0 ? backoffOf(announced.at(-1)!) : 1)
        await waitFor(() => heard.connected > 0 || reconnects(heard).length > announced.length)
      }
      expect(heard.notes).toEqual(['push is back: messages arrive as they are sent again'])
      expect(heard.down).toBe(1)
    } finally {
      await server.close()
    }
  })

  test('a refused token is failed(AuthError), and nothing is tried again', async () => {
    const sandbox = await sandboxWith()
    const {clock, heard} = await connect(sandbox, {token: 'not-the-token'})
    await waitFor(() => heard.failed.length === 1)
    expect(heard.failed[0].message).toMatch(/^\/meta\/handshake: 401 .*The token was refused/)
    const subscribes = sandbox.push.subscribes
    await clock.advance(60_000)
    expect(sandbox.push.subscribes).toBe(subscribes)
    expect(heard.connected).toBe(0)
  })
})

describe('a push server that answers what is not Bayeux', () => {
  const SHAPES: Array<[string, unknown]> = [
    ['[{}]', [{}]],
    ['[{"channel":null}]', [{channel: null}]],
    ['[{"channel":123}]', [{channel: 123}]],
    ['[null]', [null]],
    ['{}', {}],
    ['"str"', 'str'],
  ]

  test.each(SHAPES)('%s: ignored with one debug line, no crash; push counts as down, so the caller polls', async (_shown, body) => {
    const server = await startScriptedServer()
    try {
      server.script({status: 200, body: typeof body === 'string' ? JSON.stringify(body) : body, headers: {'Content-Type': 'application/json'}})
      const sandbox = await sandboxWith()
      const {clock, heard} = await connect(sandbox, {url: `${server.url}/faye`})
      await waitFor(() => server.requests.length >= 1)
      await waitFor(() => heard.debug.some((line) => line.includes('not a Bayeux message')))
      const ignored = heard.debug.filter((line) => line.includes('not a Bayeux message'))
      expect(ignored[0]).toMatch(/^push: ignored an answer that is not a Bayeux message: /)
      await clock.advance(GIVE_UP_MS)
      expect(heard.down).toBe(1)
      expect({connected: heard.connected, events: heard.events, failed: heard.failed}).toEqual({connected: 0, events: [], failed: []})
      // Said once a connection, not once a message: the watch goes on.
      expect(ignored.length).toBeLessThanOrEqual(reconnects(heard).length + 1)
    } finally {
      await server.close()
    }
  })
})
