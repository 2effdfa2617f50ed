import {describe, expect, test} from '@jest/globals'
import {BOB, ME} from '../../src/sandbox/index.js'
import {freshConfigDir, runCli} from '../helpers/run-in-process.js'
import {sandboxPerTest} from '../helpers/sandbox.js'

const sandboxWith = sandboxPerTest()
const BOB_CHAT = `${BOB.id}+${ME.id}`

describe('chats delete', () => {
  test('in a pipe without --yes: exit 2, no request at all', async () => {
    const sandbox = await sandboxWith()
    const result = await runCli(['chats', 'delete', BOB.id], {sandbox})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--yes')
    expect(sandbox.requests).toHaveLength(0)
    expect(sandbox.store.chat(BOB.id)).toBeDefined()
  })

  test('--yes clears the chat and takes it off the list', async () => {
    const sandbox = await sandboxWith()
    const result = await runCli(['chats', 'delete', '@Bob', '--yes', '--json'], {sandbox})
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({conversation_id: BOB_CHAT, deleted: true, request: `DELETE /chats/${BOB_CHAT}`})
    expect(sandbox.store.chat(BOB.id)).toBeUndefined()
    const chats = JSON.parse((await runCli(['chats', 'list', '--json'], {sandbox})).stdout) as Array<{other_user: {id: string}}>
    expect(chats.map((chat) => chat.other_user.id)).not.toContain(BOB.id)
  })

  test('on a terminal it asks, naming the count and whether the archive holds all of them; no is exit 2', async () => {
    const sandbox = await sandboxWith()
    const home = freshConfigDir()
    const env = {XDG_DATA_HOME: home}
    const declined = await runCli(['chats', 'delete', BOB.id], {sandbox, env, terminal: true, stdin: 'n\n'})
    expect(declined.code).toBe(2)
    expect(declined.stderr).toContain('Delete the chat with Bob (4 messages)?')
    expect(sandbox.store.chat(BOB.id)).toBeDefined()

    expect((await runCli(['archive', 'sync', '--chat', '@Bob'], {sandbox, env})).code).toBe(0)
    const asked = await runCli(['chats', 'delete', BOB.id], {sandbox, env, terminal: true, stdin: 'y\n'})
    expect(asked.code).toBe(0)
    expect(asked.stderr).toContain('Delete the chat with Bob (4 messages; your archive holds all of them)?')
    expect(sandbox.store.chat(BOB.id)).toBeUndefined()
  })

  test('a re-run by a name that is gone deletes nobody else: @BOB, once its chat is deleted, does not fall back to Bob', async () => {
    const sandbox = await sandboxWith()
    expect((await runCli(['chats', 'delete', '@BOB', '--yes'], {sandbox})).code).toBe(0)
    const rerun = await runCli(['chats', 'delete', '@BOB', '--yes'], {sandbox})
    expect(rerun.code).toBe(2)
    expect(rerun.stderr).toContain(`Bob (${BOB.id})`)
    expect(sandbox.store.chat(BOB.id)).toBeDefined()
    expect(sandbox.requests.filter((request) => request.method === 'DELETE')).toHaveLength(1)
  })

  test('a chat that is not there is exit 4', async () => {
    const sandbox = await sandboxWith()
    expect((await runCli(['chats', 'delete', '61000009', '--yes'], {sandbox})).code).toBe(4)
  })
})
