import {afterAll, beforeAll, beforeEach, describe, expect, test} from '@jest/globals'
import {ALICE, BOB, BOB_CAPS, CAROL, ME, type Sandbox, startSandbox} from '../../src/sandbox/index.js'
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

  test('@Bob with a "Bob" and a "BOB": the exact name wins, as in the README\'s examples', async () => {
    const result = await runCli(['dm', 'send', '@Bob', 'hi', '--json'], {sandbox})
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).recipient_id).toBe(BOB.id)
    const caps = await runCli(['dm', 'list', '@BOB', '--limit', '1', '--jsonl'], {sandbox})
    expect(caps.code).toBe(0)
    expect(new URLSearchParams(messageQueries().at(-1)!.query).get('other_user_id')).toBe(BOB_CAPS.id)
  })

  test('a name in another case resolves when only one person has it (@CAROL)', async () => {
    const result = await runCli(['dm', 'list', '@' + CAROL.name.toUpperCase(), '--limit', '1', '--jsonl'], {sandbox})
    expect(result.code).toBe(0)
    expect(new URLSearchParams(messageQueries()[0].query).get('other_user_id')).toBe(CAROL.id)
  })

  test('a typo gets "did you mean" with the close name and its id (@Alcie)', async () => {
    const result = await runCli(['dm', 'list', '@Alcie'], {sandbox})
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(`Error: no chat with a user named @Alcie; did you mean: Alice Example (${ALICE.id})\n`)
  })

  test('a name close to nobody says so, and lists who you have chats with', async () => {
    const result = await runCli(['dm', 'list', '@Zebediah'], {sandbox})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('no chat with a user named @Zebediah, nor one close to it; the users you have chats with are: ')
    expect(result.stderr).toContain(`Bob (${BOB.id})`)
  })
})

describe('the chat id that chats list prints, where a USER goes', () => {
  let sandbox: Sandbox
  const chatId = [ME.id, BOB.id].sort((a, b) => Number(a) - Number(b)).join('+')
  const reversedId = chatId.split('+').reverse().join('+')

  beforeAll(async () => {
    sandbox = await startSandbox()
  })
  beforeEach(() => sandbox.resetRequests())
  afterAll(() => sandbox.close())

  test('chats list shows the other user\'s own id beside the chat id', async () => {
    const result = await runCli(['chats', 'list', '--all'], {sandbox})
    const row = result.stdout.split('\n').find((line) => line.startsWith(chatId + '\t'))
    const cells = row!.split('\t')
    expect([cells[0], cells[1], cells.at(-1)]).toEqual([chatId, BOB.name, BOB.id])
  })

  test.each([[chatId], [reversedId]])('dm list %s lists Bob\'s conversation', async (id) => {
    const result = await runCli(['dm', 'list', id, '--limit', '2', '--jsonl'], {sandbox})
    expect(result.code).toBe(0)
    const query = sandbox.requests.find((request) => request.path === '/v3/direct_messages')!
    expect(new URLSearchParams(query.query).get('other_user_id')).toBe(BOB.id)
  })

  test('dm send to the chat id sends to Bob', async () => {
    const result = await runCli(['dm', 'send', chatId, 'by chat id', '--json'], {sandbox})
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).recipient_id).toBe(BOB.id)
  })

  test('a chat id without my id is exit 2 and nothing is sent', async () => {
    const result = await runCli(['dm', 'send', `${ALICE.id}+${BOB.id}`, 'not mine'], {sandbox})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('is not one of yours')
    expect(sandbox.requests.filter((request) => request.method === 'POST')).toHaveLength(0)
  })
})
