import {afterAll, beforeAll, beforeEach, describe, expect, test} from '@jest/globals'
import {ALICE, BOB, EXAMPLE_MESSAGE_ID, type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {runCli} from '../helpers/run-in-process.js'

/** What an action says: one line on a terminal, the data in a pipe, nothing with --quiet. */
describe('actions', () => {
  let sandbox: Sandbox

  beforeAll(async () => {
    sandbox = await startSandbox()
  })
  beforeEach(() => sandbox.resetRequests())
  afterAll(() => sandbox.close())

  test('dm send on a terminal: one line naming who, no table', async () => {
    const result = await runCli(['dm', 'send', '@Bob', 'hi Bob'], {sandbox, terminal: true, stdoutColumns: 120})
    expect(result.code).toBe(0)
    const sent = sandbox.store.messages(BOB.id).at(-1)!
    expect(result.stdout).toBe(`Sent to Bob (message ${sent.id})\n`)
  })

  test('dm send in a pipe: the data on stdout as before, the line on stderr', async () => {
    const result = await runCli(['dm', 'send', ALICE.id, 'piped'], {sandbox})
    const sent = sandbox.store.messages(ALICE.id).at(-1)!
    expect(result.stdout.split('\t')[0]).toBe(sent.id)
    expect(result.stderr).toBe(`Sent to user ${ALICE.id} (message ${sent.id})\n`)
  })

  test.each([
    [['dm', 'send', ALICE.id, 'quietly', '--quiet']],
    [['dm', 'send', ALICE.id, 'quietly', '-q', '--json']],
    [['dm', 'delete', ALICE.id, EXAMPLE_MESSAGE_ID, '--yes', '--quiet']],
    [['receipt', 'send', ALICE.id, '--quiet']],
    [['dm', 'purge', ALICE.id, '--mine', '--match', 'quietly', '--yes', '--quiet']],
    [['auth', 'logout', '--quiet']],
  ])('%j prints nothing on success', async (args) => {
    // Without GROUPME_TOKEN, whose presence auth logout warns about (a warning --quiet keeps).
    const result = await runCli(args, {sandbox, ...(args[0] === 'auth' ? {env: {GROUPME_TOKEN: undefined}} : {})})
    expect(result).toMatchObject({code: 0, stdout: '', stderr: ''})
  })

  test('auth logout --quiet still warns that GROUPME_TOKEN is set', async () => {
    const result = await runCli(['auth', 'logout', '--quiet'], {sandbox})
    expect(result).toMatchObject({code: 0, stdout: '', stderr: 'GROUPME_TOKEN is still set in your environment: unset it too.\n'})
  })

  test('--quiet still reports an error', async () => {
    const result = await runCli(['dm', 'send', '@Nobody', 'x', '--quiet'], {sandbox})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('no chat with a user named @Nobody')
  })
})
