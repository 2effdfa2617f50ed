import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {ALICE, MALLORY, type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {runCli} from '../helpers/run-in-process.js'

describe('chats', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await startSandbox()
  })
  afterAll(() => sandbox.close())

  test('list --json prints the chats exactly as the service sent them', async () => {
    const result = await runCli(['chats', 'list', '--json'], {sandbox})
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    const chats = JSON.parse(result.stdout)
    expect(chats).toEqual(JSON.parse(JSON.stringify(sandbox.store.chats().slice(0, 20))))
    // The legacy shape, other_user.id as a number, passes through unchanged.
    expect(chats.some((chat: {other_user: {id: unknown}}) => typeof chat.other_user.id === 'number')).toBe(true)
  })

  test('list in a pipe: tab-separated lines, no borders, no colour, no control characters', async () => {
    const result = await runCli(['chats', 'list'], {sandbox})
    expect(result.code).toBe(0)
    const lines = result.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(sandbox.store.chats().length)
    for (const line of lines) expect(line.split('\t')).toHaveLength(6)
    expect(result.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/)
    expect(result.stdout).not.toContain('│')
    const mallory = lines.find((line) => line.includes('Mallory'))
    expect(mallory).toBeDefined()
  })

  test('--per-page and --page page through; --all gets every chat', async () => {
    const first = await runCli(['chats', 'list', '--per-page', '2', '--json'], {sandbox})
    const second = await runCli(['chats', 'list', '--per-page', '2', '--page', '2', '--json'], {sandbox})
    const all = await runCli(['chats', 'list', '--all', '--jsonl'], {sandbox})
    const ids = (chats: Array<{other_user: {id: unknown}}>) => chats.map((chat) => String(chat.other_user.id))
    expect([...ids(JSON.parse(first.stdout)), ...ids(JSON.parse(second.stdout))]).toEqual(
      ids(all.stdout.trim().split('\n').map((line) => JSON.parse(line))).slice(0, 4),
    )
    expect(all.stdout.trim().split('\n')).toHaveLength(sandbox.store.chats().length)
  })

  test('--per-page 101 is a usage error and nothing is sent', async () => {
    sandbox.resetRequests()
    const result = await runCli(['chats', 'list', '--per-page', '101'], {sandbox})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('per-page')
    expect(sandbox.requests).toHaveLength(0)
  })

  test('show by user id builds the numerically sorted compound id', async () => {
    sandbox.resetRequests()
    const result = await runCli(['chats', 'show', ALICE.id, '--json'], {sandbox})
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).other_user.id).toBe(ALICE.id)
    expect(sandbox.requests.map((request) => request.path)).toContain(`/v3/chats/${sandbox.meId}+${ALICE.id}`)
  })

  test('show accepts a compound id in either order', async () => {
    const result = await runCli(['chats', 'show', `${ALICE.id}+${sandbox.meId}`], {sandbox})
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`${sandbox.meId}+${ALICE.id}`)
  })

  test('show of an unknown chat is exit 4', async () => {
    const result = await runCli(['chats', 'show', '55555555'], {sandbox})
    expect(result.code).toBe(4)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })

  test.each([['1+'], ['a+b'], ['1+2+3'], ['abc'], ['']])('show %p is a usage error with nothing sent', async (chat) => {
    sandbox.resetRequests()
    const result = await runCli(['chats', 'show', chat], {sandbox})
    expect(result.code).toBe(2)
    expect(sandbox.requests).toHaveLength(0)
  })

  test('the name with escape sequences is printed without them', async () => {
    const result = await runCli(['chats', 'show', MALLORY.id], {sandbox})
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Mallory')
    expect(result.stdout).not.toMatch(/[\x1b\x07\u202e]/)
  })
})
