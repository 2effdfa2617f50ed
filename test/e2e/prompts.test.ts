import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {spawn} from 'node:child_process'
import {ALICE, EXAMPLE_MESSAGE_ID, type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {BIN, cliEnv, freshConfigDir} from './helpers/cli.js'

/**
 * Questions asked on a real terminal: the CLI runs under script(1), which gives it a pty, and what
 * is typed goes in through the pty, after the question is on screen.
 */
function onTerminal(args: string[], sandbox: Sandbox, typed: string[], configDir = freshConfigDir()): Promise<{code: number | null; screen: string}> {
  const command = [process.execPath, BIN, ...args].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ')
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    env: cliEnv({sandbox, configDir, env: {TERM: 'dumb'}}),
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let screen = ''
  const pending = [...typed]
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    screen += chunk
    // Answer each question once it is asked (it ends with ': ' or '] ').
    if (pending.length > 0 && /(: |\] )$/.test(screen)) child.stdin.write(pending.shift()!)
  })
  return new Promise((resolve) => child.once('close', (code) => {
    child.stdin.end()
    resolve({code, screen})
  }))
}

describe('on a terminal', () => {
  let sandbox: Sandbox

  beforeAll(async () => {
    sandbox = await startSandbox()
  })
  afterAll(() => sandbox.close())

  test('auth login asks for the token, shows none of it, and finishes on Enter', async () => {
    const configDir = freshConfigDir()
    const {code, screen} = await onTerminal(['auth', 'login'], sandbox, [`${sandbox.token}\r`], configDir)
    expect(code).toBe(0)
    expect(screen).toContain('Paste your GroupMe access token')
    expect(screen).toContain('Logged in as Sandbox Me')
    expect(screen).not.toContain(sandbox.token)
    expect(screen).not.toContain(sandbox.token.slice(0, 12))
  })

  test('auth login --with-token on a terminal is the same hidden question', async () => {
    const {code, screen} = await onTerminal(['auth', 'login', '--with-token'], sandbox, [`${sandbox.token}\r`])
    expect(code).toBe(0)
    expect(screen).not.toContain(sandbox.token.slice(0, 12))
  })

  test('dm delete asks naming who and what, and deletes on y', async () => {
    const {code, screen} = await onTerminal(['dm', 'delete', ALICE.id, EXAMPLE_MESSAGE_ID], sandbox, ['y\r'])
    expect(screen).toContain(`Delete your message to Alice Example (${EXAMPLE_MESSAGE_ID}): "Yes, that's me 👋"? [y/N] `)
    expect(code).toBe(0)
    expect(screen).toContain(`Deleted your message ${EXAMPLE_MESSAGE_ID}`)
  })

  test('dm delete @Name asks after one walk of the chat list, as many as a run that does not ask', async () => {
    const chatPages = () => sandbox.requests.filter((request) => request.path === '/v3/chats').length
    // The example message was deleted by the test before: one of mine that is still there.
    const mine = sandbox.store.addMessages(ALICE.id, 1, {from: 'me', text: () => 'still here'})[0]
    sandbox.resetRequests()
    const asked = await onTerminal(['dm', 'delete', '@alice', mine.id], sandbox, ['n\r'])
    expect(asked.screen).toContain('Delete your message to Alice Example')
    expect(asked.code).toBe(2)
    const whenAsked = chatPages()
    sandbox.resetRequests()
    expect((await onTerminal(['dm', 'delete', '@alice', mine.id, '--dry-run'], sandbox, [])).code).toBe(0)
    expect(whenAsked).toBe(chatPages())
  })

  test('dm purge says the name and the count, and deletes nothing on n', async () => {
    sandbox.resetRequests()
    const {code, screen} = await onTerminal(['dm', 'purge', ALICE.id, '--mine', '--match', 'Monday'], sandbox, ['n\r'])
    expect(screen).toMatch(/Delete 2 of your messages to Alice Example/)
    expect(code).toBe(2)
    expect(sandbox.requests.filter((request) => request.method === 'DELETE')).toHaveLength(0)
  })
})
