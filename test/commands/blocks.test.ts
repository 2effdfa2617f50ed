import {describe, expect, test} from '@jest/globals'
import {BOB, MALLORY, ME} from '../../src/sandbox/index.js'
import {freshConfigDir, runCli} from '../helpers/run-in-process.js'
import {sandboxPerTest} from '../helpers/sandbox.js'

const sandboxWith = sandboxPerTest()

describe('blocks', () => {
  test('add, list, check (true), a DM to them refused, remove, check (false)', async () => {
    const sandbox = await sandboxWith()
    const added = await runCli(['blocks', 'add', MALLORY.id], {sandbox, terminal: true, stdoutColumns: 120})
    expect(added).toMatchObject({code: 0, stdout: `Blocked user ${MALLORY.id}\n`})
    const listed = await runCli(['blocks', 'list', '--json'], {sandbox})
    expect(JSON.parse(listed.stdout)).toEqual([{user_id: ME.id, blocked_user_id: MALLORY.id, created_at: expect.any(Number)}])
    expect(await runCli(['blocks', 'check', MALLORY.id, '--json'], {sandbox})).toMatchObject({code: 0, stdout: 'true\n'})
    expect(await runCli(['blocks', 'check', MALLORY.id], {sandbox})).toMatchObject({code: 0, stdout: 'blocked\n'})
    // The service refuses a DM across a block (a 403 in the sandbox: exit 5).
    expect((await runCli(['dm', 'send', MALLORY.id, 'hello?'], {sandbox})).code).toBe(5)
    expect((await runCli(['blocks', 'remove', MALLORY.id], {sandbox})).code).toBe(0)
    expect(await runCli(['blocks', 'check', MALLORY.id, '--json'], {sandbox})).toMatchObject({code: 0, stdout: 'false\n'})
    expect(await runCli(['blocks', 'list'], {sandbox, terminal: true, stdoutColumns: 120})).toMatchObject({code: 0, stdout: ''})
  })

  test('by @Name', async () => {
    const sandbox = await sandboxWith()
    expect((await runCli(['blocks', 'add', '@Bob'], {sandbox})).code).toBe(0)
    expect(sandbox.store.blocked(ME.id, BOB.id)).toBe(true)
  })

  test('blocking yourself is exit 2 and sends no block', async () => {
    const sandbox = await sandboxWith()
    const result = await runCli(['blocks', 'add', ME.id], {sandbox})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('yourself')
    expect(sandbox.requests.filter((request) => request.path.startsWith('/v3/blocks'))).toHaveLength(0)
  })

  test('logged in with auth login: blocking yourself is exit 2 with no request at all', async () => {
    const sandbox = await sandboxWith()
    const configDir = freshConfigDir()
    expect((await runCli(['auth', 'login', '--with-token'], {sandbox, configDir, stdin: `${sandbox.token}\n`, env: {GROUPME_TOKEN: undefined}})).code).toBe(0)
    sandbox.resetRequests()
    const result = await runCli(['blocks', 'add', ME.id], {sandbox, configDir, env: {GROUPME_TOKEN: undefined}})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('yourself')
    expect(sandbox.requests).toHaveLength(0)
  })

  test('a bad USER is exit 2 with no request; --dry-run sends no block', async () => {
    const sandbox = await sandboxWith()
    expect((await runCli(['blocks', 'add', 'nobody'], {sandbox})).code).toBe(2)
    expect(sandbox.requests).toHaveLength(0)
    const dry = await runCli(['blocks', 'add', BOB.id, '--dry-run', '--json'], {sandbox})
    expect(JSON.parse(dry.stdout)).toEqual({user_id: BOB.id, blocked: true, request: `POST /blocks?user=${ME.id}&otherUser=${BOB.id}`})
    expect(sandbox.requests.filter((request) => request.path.startsWith('/v3/blocks'))).toHaveLength(0)
  })
})
