import {afterAll, beforeAll, beforeEach, describe, expect, test} from '@jest/globals'
import {ALICE, BOB, BOB_CAPS, CAROL, type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {runCli} from '../helpers/run-in-process.js'

describe('@Name arguments', () => {
  let sandbox: Sandbox
  const posts = () => sandbox.requests.filter((request) => request.method === 'POST')
  const messageQueries = () => sandbox.requests.filter((request) => request.path === '/v3/direct_messages' && request.method === 'GET')

  beforeAll(async () => {
    sandbox = await startSandbox()
  })
  beforeEach(() => sandbox.resetRequests())
  afterAll(() => sandbox.close())

  test('dm send @alice example: matched case-insensitively, sent to Alice', async () => {
    const result = await runCli(['dm', 'send', '@alice example', 'hi', '--json'], {sandbox})
    expect(result.code).toBe(0)
    expect(posts()).toHaveLength(1)
    expect(JSON.parse(posts()[0].body.toString()).direct_message.recipient_id).toBe(ALICE.id)
    expect(sandbox.store.messages(ALICE.id).at(-1)).toMatchObject({text: 'hi', recipient_id: ALICE.id})
  })

  test('dm list @Alice Example --limit 5 lists Alice\'s conversation', async () => {
    const result = await runCli(['dm', 'list', '@ALICE EXAMPLE', '--limit', '5', '--jsonl'], {sandbox})
    expect(result.code).toBe(0)
    const listed = result.stdout.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as {id: string}).id)
    expect(listed).toEqual(sandbox.store.messages(ALICE.id).map((message) => message.id).slice(-5).reverse())
    expect(new URLSearchParams(messageQueries()[0].query).get('other_user_id')).toBe(ALICE.id)
  })

  test('a user served with a numeric id (legacy shape) resolves to the same id as a string', async () => {
    const result = await runCli(['dm', 'list', '@carol', '--limit', '1', '--jsonl'], {sandbox})
    expect(result.code).toBe(0)
    expect(new URLSearchParams(messageQueries()[0].query).get('other_user_id')).toBe(CAROL.id)
  })

  test('a first name alone resolves when it is unique (@alice for "Alice Example")', async () => {
    const result = await runCli(['dm', 'send', '@alice', 'hi', '--json'], {sandbox})
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).recipient_id).toBe(ALICE.id)
  })

  test('a part of a name that is not a first name is not a match: exit 2 suggesting the full name and id', async () => {
    const result = await runCli(['dm', 'send', '@example', 'hi'], {sandbox})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`Alice Example (${ALICE.id})`)
    expect(posts()).toHaveLength(0)
  })

  test('an ambiguous name (@bob: "Bob" and "BOB") is exit 2 listing both with their ids; no POST', async () => {
    const result = await runCli(['dm', 'send', '@bob', 'hi'], {sandbox})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('ambiguous')
    expect(result.stderr).toContain(`Bob (${BOB.id})`)
    expect(result.stderr).toContain(`BOB (${BOB_CAPS.id})`)
    expect(posts()).toHaveLength(0)
  })

  test('an unknown name is exit 2 with nothing sent', async () => {
    const result = await runCli(['dm', 'send', '@Nobody At All', 'hi'], {sandbox})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('@Nobody At All')
    // No close match: the candidates are listed all the same, as the README says.
    expect(result.stderr).toContain(`Alice Example (${ALICE.id})`)
    expect(result.stderr).toContain(`Bob (${BOB.id})`)
    expect(posts()).toHaveLength(0)
  })

  test('an unknown name for dm list is exit 2 with no message request', async () => {
    const result = await runCli(['dm', 'list', '@nobody'], {sandbox})
    expect(result.code).toBe(2)
    expect(messageQueries()).toHaveLength(0)
  })
})
