import {afterAll, beforeAll, beforeEach, describe, expect, test} from '@jest/globals'
import {ALICE, type Sandbox, startSandbox} from '../../../src/sandbox/index.js'
import {runCli} from '../../helpers/run-in-process.js'

describe('dm delete', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await startSandbox()
  })
  beforeEach(() => sandbox.resetRequests())
  afterAll(() => sandbox.close())
  const mine = (text = 'to delete') => sandbox.store.addMessages(ALICE.id, 1, {from: 'me', text: () => text})[0]

  test('uses the numerically sorted conversation id (93645911+118825642, where a string sort is wrong)', async () => {
    const message = mine()
    const result = await runCli(['dm', 'delete', ALICE.id, message.id, '--yes'], {sandbox})
    expect(result.code).toBe(0)
    const request = sandbox.requests.find((seen) => seen.method === 'DELETE')!
    expect(request.path).toBe(`/v3/conversations/93645911+118825642/messages/${message.id}`)
    expect(sandbox.store.messages(ALICE.id).find((stored) => stored.id === message.id)!.deleted_at).toEqual(expect.any(Number))
  })

  test('a compound id given in string order is normalised', async () => {
    const message = mine()
    const result = await runCli(['dm', 'delete', `118825642+93645911`, message.id, '--yes', '--json'], {sandbox})
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({conversation_id: '93645911+118825642', message_id: message.id, deleted: true})
  })

  test('without a terminal, --yes is required: exit 2 and nothing sent', async () => {
    const message = mine()
    const result = await runCli(['dm', 'delete', ALICE.id, message.id], {sandbox})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--yes')
    expect(sandbox.requests).toHaveLength(0)
  })

  test('--dry-run shows the request and deletes nothing', async () => {
    const message = mine()
    const result = await runCli(['dm', 'delete', '93645911+118825642', message.id, '--dry-run'], {sandbox})
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`DELETE /conversations/93645911+118825642/messages/${message.id}`)
    expect(sandbox.requests.filter((request) => request.method === 'DELETE')).toHaveLength(0)
  })

  test('a 404 on the retry after a lost answer counts as deleted', async () => {
    const message = mine()
    sandbox.inject({method: 'DELETE', kind: 'drop-after-commit'})
    const result = await runCli(['dm', 'delete', ALICE.id, message.id, '--yes'], {sandbox})
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('answer was lost')
    expect(sandbox.requests.filter((request) => request.method === 'DELETE')).toHaveLength(2)
  })

  test('deleting someone else\'s message is refused before any DELETE (exit 5): only the sender can', async () => {
    const theirs = sandbox.store.addMessages(ALICE.id, 1, {from: 'other'})[0]
    const result = await runCli(['dm', 'delete', ALICE.id, theirs.id, '--yes'], {sandbox})
    expect(result.code).toBe(5)
    expect(result.stderr).toBe(`Error: message ${theirs.id} was sent by ${ALICE.name}: only the sender can delete a DM; nothing was deleted\n`)
    expect(sandbox.requests.filter((request) => request.method === 'DELETE')).toHaveLength(0)
  })

  test('a message already deleted: exit 0, "already deleted", no DELETE and no question', async () => {
    const message = mine('gone soon')
    sandbox.store.messages(ALICE.id).find((stored) => stored.id === message.id)!.deleted_at = 1_800_000_000
    for (const extra of [['--yes'], []]) {
      sandbox.resetRequests()
      const result = await runCli(['dm', 'delete', ALICE.id, message.id, ...extra], {sandbox, terminal: extra.length === 0})
      expect(result.code).toBe(0)
      expect(result.stderr).toBe(`Message ${message.id} is already deleted\n`)
      expect(result.stderr).not.toMatch(/This message was deleted|\?/)
      expect(sandbox.requests.filter((request) => request.method === 'DELETE')).toHaveLength(0)
    }
  })

  test('an unknown message is exit 4, with no DELETE', async () => {
    const result = await runCli(['dm', 'delete', ALICE.id, '123456789012345678', '--yes'], {sandbox})
    expect(result.code).toBe(4)
    expect(sandbox.requests.filter((request) => request.method === 'DELETE')).toHaveLength(0)
  })

  test('a chat id that does not hold your id (1+2) is refused before any DELETE (exit 2)', async () => {
    const result = await runCli(['dm', 'delete', '1+2', '123456789012345678', '--yes'], {sandbox})
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/chat 1\+2 is not one of yours/)
    expect(sandbox.requests.filter((request) => request.method === 'DELETE')).toHaveLength(0)
  })

  test.each([[['abc', '1']], [[ALICE.id, 'x1']], [['1+', '1']], [['1+2+3', '1']]])('%p is exit 2 with nothing sent', async (args) => {
    const result = await runCli(['dm', 'delete', ...args, '--yes'], {sandbox})
    expect(result.code).toBe(2)
    expect(sandbox.requests).toHaveLength(0)
  })
})
