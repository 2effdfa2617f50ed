import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {ALICE, type Sandbox, startSandbox} from '../../../src/sandbox/index.js'
import {runCli} from '../../helpers/run-in-process.js'

describe('receipt send', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await startSandbox()
  })
  afterAll(() => sandbox.close())

  test('without MESSAGE marks the latest message from chats show', async () => {
    const latest = sandbox.store.chat(ALICE.id)!.last_message as {id: string}
    const result = await runCli(['receipt', 'send', ALICE.id, '--json'], {sandbox})
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({chat_id: '93645911+118825642', message_id: latest.id})
    const post = sandbox.requests.find((request) => request.path === '/v2/read_receipts')!
    expect(JSON.parse(post.body.toString())).toEqual({read_receipt: {message_id: latest.id, chat_id: '93645911+118825642'}})
  })

  test('with MESSAGE, the receipt is printed with read_at in ISO 8601 with its offset', async () => {
    sandbox.resetRequests()
    const message = sandbox.store.messages(ALICE.id)[3]
    const result = await runCli(['receipt', 'send', '93645911+118825642', message.id], {sandbox})
    expect(result.code).toBe(0)
    const post = sandbox.requests.find((request) => request.path === '/v2/read_receipts')!
    expect(JSON.parse(post.body.toString()).read_receipt.message_id).toBe(message.id)
    // The service keeps the newest read message, so the answer may name a later one.
    expect(result.stdout).toMatch(/^93645911\+118825642\t\d{18}\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d\n$/)
  })

  test('a bad message id is exit 2 with nothing sent', async () => {
    sandbox.resetRequests()
    const result = await runCli(['receipt', 'send', ALICE.id, 'latest'], {sandbox})
    expect(result.code).toBe(2)
    expect(sandbox.requests).toHaveLength(0)
  })
})
