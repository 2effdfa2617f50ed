/**
 * Errors that point the right way (issue 24): each says where the fault is and what fixes it.
 */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, test} from '@jest/globals'
import {DEFAULT_ENDPOINTS} from '../../src/api/endpoints.js'
import {TokenRefusedError} from '../../src/base/errors.js'
import {explainRefusedToken} from '../../src/core/token-advice.js'
import {ALICE, BOB} from '../../src/sandbox/index.js'
import {sandboxPerTest} from '../helpers/sandbox.js'
import {freshConfigDir, runCli} from '../helpers/run-in-process.js'

const sandboxWith = sandboxPerTest()
const WRONG = 'wrong0token'.padEnd(40, '0')

describe('a refused token is named by where it came from', () => {
  test('GROUPME_TOKEN: "GROUPME_TOKEN was refused; unset it or…", and the non-default API URL is named', async () => {
    const box = await sandboxWith()
    const result = await runCli(['chats', 'list'], {sandbox: box, env: {GROUPME_TOKEN: WRONG}})
    expect(result.code).toBe(3)
    expect(result.stderr).toMatch(/GROUPME_TOKEN was refused; unset it or set it to a valid token/)
    expect(result.stderr).toContain(`GROUPME_API_URL is ${box.env.GROUPME_API_URL}, not the real service: is the token one of its tokens?`)
    expect(result.stderr).not.toMatch(/log in again/)
  })

  test('the config file: "the saved token was refused; log in again"', async () => {
    const box = await sandboxWith()
    const configDir = freshConfigDir()
    writeFileSync(join(configDir, 'config.json'), JSON.stringify({token: WRONG}), {mode: 0o600})
    const result = await runCli(['chats', 'list'], {sandbox: box, configDir, env: {GROUPME_TOKEN: undefined}})
    expect(result.code).toBe(3)
    expect(result.stderr).toContain(`the saved token (${join(configDir, 'config.json')}) was refused; log in again with \`groupme auth login --with-token\``)
  })

  test('against the real service the advice names no GROUPME_API_URL; a token given to auth login is not called saved', () => {
    const refused = new TokenRefusedError('GET /users/me: 401')
    expect(explainRefusedToken(refused, {source: 'GROUPME_TOKEN'}, DEFAULT_ENDPOINTS.api).message).toBe(
      'GET /users/me: 401. GROUPME_TOKEN was refused; unset it or set it to a valid token (without it, the token saved by `groupme auth login` is used)',
    )
    expect(explainRefusedToken(refused, {source: 'given'}, DEFAULT_ENDPOINTS.api).message).toMatch(/the token given was refused: .*nothing was saved$/)
  })
})

describe('auth login with GROUPME_TOKEN set', () => {
  test('warns that the variable overrides what is saved', async () => {
    const box = await sandboxWith()
    const result = await runCli(['auth', 'login', '--with-token'], {sandbox: box, stdin: `${box.token}\n`})
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('warning: GROUPME_TOKEN is set and overrides the token saved here; unset GROUPME_TOKEN to use it')
    const quiet = await runCli(['auth', 'login', '--with-token'], {sandbox: box, stdin: `${box.token}\n`, env: {GROUPME_TOKEN: undefined}})
    expect(quiet.code).toBe(0)
    expect(quiet.stderr).not.toMatch(/GROUPME_TOKEN/)
  })
})

describe('a name without @', () => {
  test.each([['chats', 'show'], ['dm', 'list'], ['receipt', 'send']])('%s %s Alice: did you mean @Alice? (exit 2, nothing sent)', async (topic, verb) => {
    const box = await sandboxWith()
    const result = await runCli([topic, verb, 'Alice'], {sandbox: box})
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/"Alice" is not an id: did you mean @Alice\?/)
    expect(box.requests).toHaveLength(0)
  })
})

describe('receipt send with a message of another chat', () => {
  test('says the message is not in that chat, and marks nothing read (exit 4)', async () => {
    const box = await sandboxWith()
    const bobs = box.store.messages(BOB.id)[0]
    const result = await runCli(['receipt', 'send', ALICE.id, bobs.id], {sandbox: box})
    expect(result.code).toBe(4)
    expect(result.stderr).toContain(`message ${bobs.id} is not in the chat with user ${ALICE.id}; nothing was marked read`)
    expect(box.requests.filter((request) => request.path === '/v2/read_receipts')).toHaveLength(0)
  })
})

describe('careless input is exit 2', () => {
  test('a 100,000-character --match: one short line, the pattern not echoed, nothing sent', async () => {
    const box = await sandboxWith()
    const pattern = 'a'.repeat(100_000)
    const result = await runCli(['dm', 'purge', ALICE.id, '--mine', '--match', pattern, '--yes'], {sandbox: box})
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('Error: --match is 100000 characters long; a pattern may have at most 1000\n')
    expect(box.requests).toHaveLength(0)
  })
})

describe('a JSON answer nested 1,000,000 deep', () => {
  const deep = `{"meta":{"code":200},"response":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`

  test('chats list --json: one line about the answer, never "Maximum call stack size exceeded"', async () => {
    const args = ['chats', 'list', '--json']
    const box = await sandboxWith()
    box.inject({method: 'GET', times: 100, kind: 'status', status: 200, body: deep})
    const result = await runCli(args, {sandbox: box})
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/nested deeper than 1000 levels/)
    expect(result.stderr).not.toMatch(/call stack|unexpected error/)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })

  test('api users/me: the body printed as it came, as text it cannot read as JSON', async () => {
    const box = await sandboxWith()
    box.inject({method: 'GET', times: 100, kind: 'status', status: 200, body: deep})
    const result = await runCli(['api', 'users/me'], {sandbox: box})
    expect({code: result.code, stderr: result.stderr}).toEqual({code: 0, stderr: ''})
    expect(result.stdout.trim()).toBe(deep)
  })
})
