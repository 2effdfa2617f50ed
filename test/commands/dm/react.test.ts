import {describe, expect, test} from '@jest/globals'
import {ALICE, EXAMPLE_MESSAGE_ID, ME} from '../../../src/sandbox/index.js'
import {runCli, runInProcessOrSpawn} from '../../helpers/run-in-process.js'
import {sandboxPerTest} from '../../helpers/sandbox.js'

const sandboxWith = sandboxPerTest()
const ALICE_CHAT = `${ME.id}+${ALICE.id}`

describe('dm react and dm unreact', () => {
  test('no EMOJI is a plain like; an EMOJI reacts and replaces it; unreact takes it away', async () => {
    const sandbox = await sandboxWith()
    const message = sandbox.store.messages(ALICE.id).find((candidate) => candidate.id === EXAMPLE_MESSAGE_ID)!
    expect((await runCli(['dm', 'react', ALICE.id, EXAMPLE_MESSAGE_ID], {sandbox})).code).toBe(0)
    expect(message.favorited_by).toEqual([ME.id])
    const reacted = await runCli(['dm', 'react', '@Alice', EXAMPLE_MESSAGE_ID, '🔥'], {sandbox, terminal: true, stdoutColumns: 120})
    expect(reacted).toMatchObject({code: 0, stdout: `Reacted 🔥 to message ${EXAMPLE_MESSAGE_ID} in chat ${ALICE_CHAT}\n`})
    await runCli(['dm', 'react', ALICE_CHAT, EXAMPLE_MESSAGE_ID, '❤'], {sandbox})
    expect(message.reactions).toEqual([{type: 'unicode', code: '❤️', pack_id: 0, pack_index: 0, user_ids: [ME.id]}])
    const unreacted = await runCli(['dm', 'unreact', ALICE.id, EXAMPLE_MESSAGE_ID, '--json'], {sandbox})
    expect(unreacted.code).toBe(0)
    expect(JSON.parse(unreacted.stdout)).toMatchObject({conversation_id: ALICE_CHAT, message_id: EXAMPLE_MESSAGE_ID})
    expect(message.favorited_by).toEqual([])
    expect(message.reactions).toBeUndefined()
  })

  test('a GroupMe emoji as pack:ID:INDEX', async () => {
    const sandbox = await sandboxWith()
    expect((await runCli(['dm', 'react', ALICE.id, EXAMPLE_MESSAGE_ID, 'pack:1:12'], {sandbox})).code).toBe(0)
    const like = sandbox.requests.find((request) => request.path.endsWith('/like'))!
    expect(JSON.parse(like.body.toString())).toEqual({like_icon: {type: 'emoji', pack_id: 1, pack_index: 12}})
  })

  test.each([['🍕'], ['heart'], ['pack:1'], ['']])('a bad EMOJI %j is exit 2 listing the 15, with no request', async (emoji) => {
    const sandbox = await sandboxWith()
    const result = await runCli(['dm', 'react', ALICE.id, EXAMPLE_MESSAGE_ID, emoji], {sandbox})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('❤️ 👍 🤣 🎉 🔥 😮 👀 😭 🥺 🙏 💀 🫶 🤬 💅 🫠')
    expect(sandbox.requests).toHaveLength(0)
  })

  test('a missing message is exit 4; a bad MESSAGE is exit 2 with no request', async () => {
    const sandbox = await sandboxWith()
    expect((await runCli(['dm', 'react', ALICE.id, '179084538000000999', '🔥'], {sandbox})).code).toBe(4)
    sandbox.resetRequests()
    expect((await runCli(['dm', 'react', ALICE.id, 'abc'], {sandbox})).code).toBe(2)
    expect(sandbox.requests).toHaveLength(0)
  })

  test('--dry-run prints the request and sends no like', async () => {
    const sandbox = await sandboxWith()
    const result = await runCli(['dm', 'react', ALICE_CHAT, EXAMPLE_MESSAGE_ID, '🎉', '--dry-run', '--json'], {sandbox})
    expect(JSON.parse(result.stdout)).toEqual({
      conversation_id: ALICE_CHAT,
      message_id: EXAMPLE_MESSAGE_ID,
      reaction: '🎉',
      request: `POST /messages/${ALICE_CHAT}/${EXAMPLE_MESSAGE_ID}/like {"like_icon":{"type":"unicode","code":"🎉"}}`,
    })
    expect(sandbox.requests.filter((request) => request.method === 'POST')).toHaveLength(0)
  })

  test('the aliases dm like and dm unlike run the same commands (a process: oclif resolves aliases)', async () => {
    const sandbox = await sandboxWith()
    const message = sandbox.store.messages(ALICE.id).find((candidate) => candidate.id === EXAMPLE_MESSAGE_ID)!
    expect((await runInProcessOrSpawn(['dm', 'like', ALICE.id, EXAMPLE_MESSAGE_ID, '👍'], {sandbox})).code).toBe(0)
    expect(message.reactions).toEqual([{type: 'unicode', code: '👍', pack_id: 0, pack_index: 0, user_ids: [ME.id]}])
    expect((await runInProcessOrSpawn(['dm', 'unlike', ALICE.id, EXAMPLE_MESSAGE_ID], {sandbox})).code).toBe(0)
    expect(message.favorited_by).toEqual([])
  })

  test('--quiet prints nothing', async () => {
    const sandbox = await sandboxWith()
    expect(await runCli(['dm', 'react', ALICE.id, EXAMPLE_MESSAGE_ID, '--quiet'], {sandbox})).toMatchObject({code: 0, stdout: '', stderr: ''})
  })
})

describe('dm pin, dm unpin, dm pins', () => {
  test('pin, pin again (exit 0, nothing sent), list, unpin, unpin again', async () => {
    const sandbox = await sandboxWith()
    const pinned = await runCli(['dm', 'pin', ALICE.id, EXAMPLE_MESSAGE_ID], {sandbox, terminal: true, stdoutColumns: 120})
    expect(pinned).toMatchObject({code: 0, stdout: `Pinned message ${EXAMPLE_MESSAGE_ID} in chat ${ALICE_CHAT}\n`})
    sandbox.resetRequests()
    const again = await runCli(['dm', 'pin', ALICE.id, EXAMPLE_MESSAGE_ID, '--json'], {sandbox})
    expect(again.code).toBe(0)
    expect(JSON.parse(again.stdout)).toMatchObject({pinned: true, changed: false})
    expect(sandbox.requests.filter((request) => request.path.endsWith('/pin'))).toHaveLength(0)

    const pins = await runCli(['dm', 'pins', '@Alice', '--json'], {sandbox})
    expect((JSON.parse(pins.stdout) as Array<{id: string}>).map((message) => message.id)).toContain(EXAMPLE_MESSAGE_ID)

    expect((await runCli(['dm', 'unpin', ALICE.id, EXAMPLE_MESSAGE_ID], {sandbox})).code).toBe(0)
    const notPinned = await runCli(['dm', 'unpin', ALICE.id, EXAMPLE_MESSAGE_ID], {sandbox, terminal: true, stdoutColumns: 120})
    expect(notPinned).toMatchObject({code: 0, stdout: `Message ${EXAMPLE_MESSAGE_ID} was already not pinned; nothing was sent\n`})
  })

  test('a message not in the chat is exit 4 and no pin is sent', async () => {
    const sandbox = await sandboxWith()
    const result = await runCli(['dm', 'pin', ALICE.id, '179084538000000999'], {sandbox})
    expect(result.code).toBe(4)
    expect(sandbox.requests.filter((request) => request.path.endsWith('/pin'))).toHaveLength(0)
  })

  test('a lost answer to a pin: the retry\'s 400 answers our own first attempt, exit 0', async () => {
    const sandbox = await sandboxWith()
    sandbox.inject({method: 'POST', path: /\/pin$/, kind: 'drop-after-commit'})
    expect((await runCli(['dm', 'pin', ALICE.id, EXAMPLE_MESSAGE_ID], {sandbox})).code).toBe(0)
    expect(sandbox.store.messages(ALICE.id).find((message) => message.id === EXAMPLE_MESSAGE_ID)?.pinned_by).toBe(ME.id)
  })

  test('the list and the attachments column show reactions, replies and pins', async () => {
    const sandbox = await sandboxWith()
    const result = await runCli(['dm', 'list', ALICE.id, '--all'], {sandbox})
    const linesOf = (text: string) => result.stdout.split('\n').find((line) => line.includes(text))!
    expect(linesOf('Sounds good — see you at Café Müller').split('\t').at(-1)).toBe('❤️ 1 🔥 1')
    expect(linesOf('Can you send a sharper one?').split('\t').at(-1)).toMatch(/^↩ \d+$/)
    expect(linesOf('@Sandbox Me @everyone the doc is up').split('\t').at(-1)).toBe('mentions,pinned')
  })
})
