import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {runCli} from './helpers/cli.js'

describe('errors and exit codes', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await startSandbox()
  })
  afterAll(() => sandbox.close())

  test('with --json an error is one JSON object on stderr and stdout stays empty', async () => {
    const result = await runCli(['chats', 'show', '55555555', '--json'], {sandbox})
    expect(result.code).toBe(4)
    expect(result.stdout).toBe('')
    const error = JSON.parse(result.stderr)
    expect(error).toEqual({error: {status: 404, code: 'not_found', message: expect.stringContaining('404')}})
  })

  test('an unknown flag is exit 2', async () => {
    const result = await runCli(['chats', 'list', '--bogus'], {sandbox})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--bogus')
  })

  test('401 from the service is exit 3 with what to do', async () => {
    const result = await runCli(['chats', 'list'], {sandbox, env: {GROUPME_TOKEN: 'y'.repeat(40)}})
    expect(result.code).toBe(3)
    expect(result.stderr).toContain('auth login')
  })

  test('a plain-http base URL that is not loopback is refused before anything is sent', async () => {
    const result = await runCli(['chats', 'list'], {sandbox, env: {GROUPME_API_URL: 'http://api.example.com/v3'}})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('GROUPME_API_URL')
  })

  test('429 after the retries is exit 5; 500 after the retries is exit 1', async () => {
    sandbox.inject({path: '/v3/chats', kind: 'status', status: 429, times: 5, headers: {'Retry-After': '0'}})
    const limited = await runCli(['chats', 'list'], {sandbox})
    expect(limited.code).toBe(5)
    sandbox.inject({path: '/v3/chats', kind: 'status', status: 500, times: 5})
    const failed = await runCli(['chats', 'list'], {sandbox})
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain('500')
  })

  test('--debug logs method, URL, status and time on stderr, never the token', async () => {
    const result = await runCli(['chats', 'list', '--debug'], {sandbox})
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/v3\/chats\?page=1&per_page=20/)
    expect(result.stderr).toMatch(/<-- 200 GET .* \(\d+ ms\)/)
    expect(result.stderr).not.toContain(sandbox.token)
    const viaEnv = await runCli(['chats', 'list'], {sandbox, env: {DEBUG: 'groupme*'}})
    expect(viaEnv.stderr).toContain('--> GET')
  })

  test('no request URL ever carries the token', () => {
    expect(sandbox.requests.length).toBeGreaterThan(0)
    for (const request of sandbox.requests) expect(request.url).not.toContain(sandbox.token)
  })

  test('help and autocomplete, from oclif plugins loaded as ES modules, work and print no warning', async () => {
    const root = await runCli([])
    expect(root.code).toBe(0)
    expect(root.stdout).toContain('autocomplete')
    expect(root.stdout).toContain('help')
    const topic = await runCli(['help', 'dm'])
    expect(topic.code).toBe(0)
    expect(topic.stdout).toContain('dm list')
    const script = await runCli(['autocomplete', 'bash'])
    expect(script.code).toBe(0)
    expect(script.stdout).toContain('groupme')
    for (const result of [root, topic]) expect(result.stderr).toBe('')
    expect(script.stderr).not.toMatch(/warning/i)
  })

  test('our own commands, run from the code cache without the plugins, print no warning either', async () => {
    const result = await runCli(['chats', 'list', '--json'], {sandbox})
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    expect(JSON.parse(result.stdout)).toEqual(expect.any(Array))
  })

  test('sandbox --port already in use: exit 2, one line naming the port, no stack', async () => {
    const port = new URL(sandbox.url).port
    const result = await runCli(['sandbox', '--port', port])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr.trim().split('\n')).toEqual([`Error: --port ${port}: 127.0.0.1:${port} is already in use; pick another port, or 0 for any free one`])
  })

  test('every command shows examples in --help', async () => {
    for (const command of ['auth login', 'auth status', 'auth logout', 'chats list', 'chats show', 'dm list', 'dm send', 'dm delete', 'receipt send', 'sandbox']) {
      const result = await runCli([...command.split(' '), '--help'])
      expect(result.code).toBe(0)
      expect(result.stdout).toContain('EXAMPLES')
    }
  })
})
