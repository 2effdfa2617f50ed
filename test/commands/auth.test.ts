import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {chmodSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {freshConfigDir, runCli} from '../helpers/run-in-process.js'

describe('auth', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await startSandbox()
  })
  afterAll(() => sandbox.close())

  test('login reads the token from stdin, checks it and saves it 0600 in a 0700 directory', async () => {
    const configDir = join(freshConfigDir(), 'groupme')
    const login = await runCli(['auth', 'login', '--with-token'], {
      sandbox,
      configDir,
      env: {GROUPME_TOKEN: undefined},
      stdin: sandbox.token + '\n',
    })
    expect(login.code).toBe(0)
    expect(login.stderr).toContain('Logged in as Sandbox Me')
    expect(sandbox.requests.some((request) => request.path === '/v3/users/me')).toBe(true)
    const file = join(configDir, 'config.json')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(statSync(configDir).mode & 0o777).toBe(0o700)
    expect(JSON.parse(readFileSync(file, 'utf8')).token).toBe(sandbox.token)

    const status = await runCli(['auth', 'status'], {sandbox, configDir, env: {GROUPME_TOKEN: undefined}})
    expect(status.code).toBe(0)
    expect(status.stdout).toContain(sandbox.meId)
    expect(status.stdout).toContain(file)
    expect(status.stdout + status.stderr).not.toContain(sandbox.token)

    const logout = await runCli(['auth', 'logout'], {sandbox, configDir, env: {GROUPME_TOKEN: undefined}})
    expect(logout.code).toBe(0)
    const after = await runCli(['auth', 'status'], {sandbox, configDir, env: {GROUPME_TOKEN: undefined}})
    expect(after.code).toBe(3)
  })

  test('a refused token is exit 3 and nothing is saved', async () => {
    const configDir = freshConfigDir()
    const result = await runCli(['auth', 'login', '--with-token'], {
      sandbox,
      configDir,
      env: {GROUPME_TOKEN: undefined},
      stdin: 'x'.repeat(40),
    })
    expect(result.code).toBe(3)
    expect(result.stderr).toMatch(/401/)
    expect(() => statSync(join(configDir, 'config.json'))).toThrow()
  })

  test('login without --with-token or with empty stdin is a usage error', async () => {
    expect((await runCli(['auth', 'login'], {sandbox})).code).toBe(2)
    expect((await runCli(['auth', 'login', '--with-token'], {sandbox, stdin: ''})).code).toBe(2)
  })

  test('status says where the token came from, masked', async () => {
    const result = await runCli(['auth', 'status', '--json'], {sandbox})
    expect(result.code).toBe(0)
    const body = JSON.parse(result.stdout)
    expect(body.user.id).toBe(sandbox.meId)
    expect(body.token_source).toContain('GROUPME_TOKEN')
    expect(body.token).toMatch(/^\*+.{4}$/)
    expect(result.stdout).not.toContain(sandbox.token)
  })

  test('no token at all: exit 3 naming both ways, and no request sent', async () => {
    sandbox.resetRequests()
    const result = await runCli(['chats', 'list'], {sandbox, env: {GROUPME_TOKEN: undefined}})
    expect(result.code).toBe(3)
    expect(result.stderr).toContain('groupme auth login --with-token')
    expect(result.stderr).toContain('GROUPME_TOKEN')
    expect(sandbox.requests).toHaveLength(0)
  })

  test('a config file readable by others brings a chmod warning', async () => {
    const configDir = freshConfigDir()
    const file = join(configDir, 'config.json')
    writeFileSync(file, JSON.stringify({token: sandbox.token}))
    chmodSync(file, 0o644)
    const result = await runCli(['chats', 'list'], {sandbox, configDir, env: {GROUPME_TOKEN: undefined}})
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(`chmod 600 '${file}'`)
  })
})
