import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {readFileSync} from 'node:fs'
import Faye, {type Client, type Subscription} from 'faye'

import {closeClient} from '../../../src/api/push/connection.js'
import {ALICE, ME, type Sandbox, startSandbox} from '../../../src/sandbox/index.js'
import {waitFor} from '../../helpers/wait.js'

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/push/communitydocs_push_direct_message_create.json', import.meta.url), 'utf8')) as {subject: Record<string, unknown>}

/** A faye client with the token in `ext` of handshake and subscribe, as the service wants it. */
function client(sandbox: Sandbox, token: string): Client {
  const faye = new Faye.Client(sandbox.env.GROUPME_PUSH_URL, {timeout: 5})
  faye.addExtension({
    outgoing: (message, next) => {
      if (message.channel === '/meta/subscribe') message.ext = {access_token: token}
      next(message)
    },
  })
  return faye
}

const subscribed = (subscription: Subscription) =>
  new Promise<void>((resolve, reject) => subscription.then(resolve, (error) => reject(new Error(String(error.message)))))

describe('sandbox push', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await startSandbox()
  })
  afterAll(() => sandbox.close())

  test('a stored DM is published on /user/<me> shaped as the service sends it: chat_id, not conversation_id', async () => {
    const faye = client(sandbox, sandbox.token)
    const events: Array<{type: string; subject: Record<string, unknown>}> = []
    await subscribed(faye.subscribe(`/user/${ME.id}`, (data) => events.push(data as (typeof events)[number])))
    const [message] = sandbox.store.addMessages(ALICE.id, 1, {text: () => 'hola'})
    await waitFor(() => events.length > 0)
    closeClient(faye)
    const [event] = events
    expect(event.type).toBe('direct_message.create')
    expect(Object.keys(event.subject).sort()).toEqual(expect.arrayContaining(Object.keys(fixture.subject).sort()))
    expect(event.subject).not.toHaveProperty('conversation_id')
    expect(event.subject).toMatchObject({id: message.id, chat_id: message.conversation_id, text: 'hola'})
  })

  test('a like or reaction publishes a favorite event, as docs/push.md says (issue 24)', async () => {
    const faye = client(sandbox, sandbox.token)
    const events: Array<{type: string; subject: {line?: {id?: string}; reactions?: unknown[]}}> = []
    await subscribed(faye.subscribe(`/user/${ME.id}`, (data) => events.push(data as (typeof events)[number])))
    const [message] = sandbox.store.addMessages(ALICE.id, 1, {from: 'me', text: () => 'like me'})
    sandbox.store.react(message, ALICE.id, {type: 'unicode', code: '❤️'})
    await waitFor(() => events.some((event) => event.type === 'favorite'))
    sandbox.store.unreact(message, ALICE.id)
    await waitFor(() => events.filter((event) => event.type === 'favorite').length === 2)
    closeClient(faye)
    const favorites = events.filter((event) => event.type === 'favorite')
    expect(favorites.map((event) => event.subject.line?.id)).toEqual([message.id, message.id])
    expect(favorites[0].subject.reactions).toEqual([expect.objectContaining({code: '❤️', user_ids: [ALICE.id]})])
  })

  test('a wrong token, or another user\'s channel, is refused', async () => {
    const wrong = client(sandbox, 'x'.repeat(40))
    await expect(subscribed(wrong.subscribe(`/user/${ME.id}`, () => {}))).rejects.toThrow('Unauthorized')
    closeClient(wrong)
    const nosy = client(sandbox, sandbox.token)
    await expect(subscribed(nosy.subscribe(`/user/${ALICE.id}`, () => {}))).rejects.toThrow('Forbidden')
    closeClient(nosy)
  })
})
