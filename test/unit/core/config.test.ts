import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import {chmod, mkdir, readFile, stat, writeFile} from 'node:fs/promises'
import {existsSync} from 'node:fs'
import {join} from 'node:path'

import {maskToken, resolveToken, tokenProblem} from '../../../src/core/token.js'
import {readSettings} from '../../../src/core/settings.js'
import {configPath, configPermissionWarning, readConfig, removeConfig, writeConfig} from '../../../src/core/config.js'
import {AuthError, ExitCode} from '../../../src/base/errors.js'
import {tempDir} from '../helpers/temp-dir.js'

const TOKEN = 'abcdefghijklmnopqrstuvwxyz0123456789ABCD'
const OTHER_TOKEN = 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210wxyz'

let root: {path: string; remove: () => Promise<void>}
let configDir: string

beforeEach(async () => {
  root = await tempDir()
  configDir = join(root.path, 'nested', 'groupme')
})

afterEach(async () => {
  await root.remove()
})

async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777
}

describe('writeConfig / readConfig / removeConfig', () => {
  test('creates the directory 0700 and the file 0600, and reads back what it wrote', async () => {
    await writeConfig(configDir, {token: TOKEN, userId: '118825642', name: 'Me'})
    expect(await modeOf(configDir)).toBe(0o700)
    expect(await modeOf(configPath(configDir))).toBe(0o600)
    expect(await readConfig(configDir)).toEqual({token: TOKEN, userId: '118825642', name: 'Me'})
    expect(JSON.parse(await readFile(configPath(configDir), 'utf8'))).toEqual({token: TOKEN, userId: '118825642', name: 'Me'})
  })

  test('replaces an existing 0644 file with a 0600 one; an existing directory keeps its mode', async () => {
    await mkdir(configDir, {recursive: true, mode: 0o755})
    await chmod(configDir, 0o755)
    await writeFile(configPath(configDir), '{"token":"old"}\n', {mode: 0o644})
    await chmod(configPath(configDir), 0o644)
    expect(await modeOf(configPath(configDir))).toBe(0o644)

    await writeConfig(configDir, {token: TOKEN})
    expect(await modeOf(configDir)).toBe(0o755)
    expect(await modeOf(configPath(configDir))).toBe(0o600)
    expect(await readConfig(configDir)).toEqual({token: TOKEN})
  })

  test.each([0o1777, 0o777, 0o775])('a directory others may write to (mode %o, like /tmp) is refused and left as it is', async (mode) => {
    await mkdir(configDir, {recursive: true})
    await chmod(configDir, mode)
    const error = (await writeConfig(configDir, {token: TOKEN}).catch((caught: unknown) => caught)) as Error & {exitCode: number}
    expect(error.message).toContain(configDir)
    expect(error.message).toContain('GROUPME_CONFIG_DIR')
    expect(error.exitCode).toBe(2)
    expect((await stat(configDir)).mode & 0o7777).toBe(mode)
    expect(existsSync(configPath(configDir))).toBe(false)
  })

  test('a missing file reads as {}', async () => {
    expect(await readConfig(configDir)).toEqual({})
  })

  test.each([
    ['cut short', '{"token": "abc'],
    ['JSON that is not an object', 'null\n'],
    ['a token that is not a string', '{"token": 42}'],
  ])('a config file %s is one error naming the file, exit 2', async (_, text) => {
    await mkdir(configDir, {recursive: true})
    await writeFile(configPath(configDir), text)
    await expect(readConfig(configDir)).rejects.toMatchObject({exitCode: 2, message: expect.stringContaining(configPath(configDir))})
    await expect(resolveToken(configDir, readSettings({}).token)).rejects.toMatchObject({exitCode: 2, message: expect.stringContaining('auth login')})
  })

  test('a directory where config.json should be is one error naming it, exit 2', async () => {
    await mkdir(configPath(configDir), {recursive: true})
    await expect(readConfig(configDir)).rejects.toMatchObject({
      exitCode: 2,
      message: `${configPath(configDir)} is not a groupme config file but a directory; remove it and run \`groupme auth login\` again`,
    })
  })

  test('removeConfig deletes the file and says whether there was one', async () => {
    await writeConfig(configDir, {token: TOKEN})
    expect(await removeConfig(configDir)).toBe(true)
    expect(await readConfig(configDir)).toEqual({})
    expect(await removeConfig(configDir)).toBe(false)
  })
})

describe('configPermissionWarning', () => {
  test('a 0644 file → a warning with the chmod 600 fix', async () => {
    await writeConfig(configDir, {token: TOKEN})
    await chmod(configPath(configDir), 0o644)
    const warning = await configPermissionWarning(configDir)
    expect(warning).toContain('chmod 600')
    expect(warning).toContain(configPath(configDir))
    expect(warning).not.toContain(TOKEN)
  })

  test('a 0640 file (group readable) → a warning', async () => {
    await writeConfig(configDir, {token: TOKEN})
    await chmod(configPath(configDir), 0o640)
    expect(await configPermissionWarning(configDir)).toContain('chmod 600')
  })

  test('a 0600 file → undefined', async () => {
    await writeConfig(configDir, {token: TOKEN})
    expect(await configPermissionWarning(configDir)).toBeUndefined()
  })

  test('no file → undefined', async () => {
    expect(await configPermissionWarning(configDir)).toBeUndefined()
  })
})

describe('resolveToken', () => {
  test('GROUPME_TOKEN wins over the config file', async () => {
    await writeConfig(configDir, {token: TOKEN})
    const resolved = await resolveToken(configDir, readSettings({GROUPME_TOKEN: OTHER_TOKEN}).token)
    expect(resolved.token).toBe(OTHER_TOKEN)
    expect(resolved.source).toBe('GROUPME_TOKEN')
    expect(resolved.origin).toContain('GROUPME_TOKEN')
  })

  test('GROUPME_TOKEN is trimmed', async () => {
    const resolved = await resolveToken(configDir, readSettings({GROUPME_TOKEN: `  ${OTHER_TOKEN}\n`}).token)
    expect(resolved.token).toBe(OTHER_TOKEN)
  })

  test('the config file is used when GROUPME_TOKEN is unset, empty or blank', async () => {
    await writeConfig(configDir, {token: TOKEN})
    for (const env of [{}, {GROUPME_TOKEN: ''}, {GROUPME_TOKEN: '   '}]) {
      const resolved = await resolveToken(configDir, readSettings(env).token)
      expect(resolved).toEqual({token: TOKEN, source: 'config', origin: configPath(configDir), warning: undefined})
    }
  })

  test('a config file others can read still works, with a warning', async () => {
    await writeConfig(configDir, {token: TOKEN})
    await chmod(configPath(configDir), 0o644)
    const resolved = await resolveToken(configDir, readSettings({}).token)
    expect(resolved.token).toBe(TOKEN)
    expect(resolved.warning).toContain('chmod 600')
  })

  test('neither → AuthError, exit 3, naming both ways to log in', async () => {
    let caught: unknown
    try {
      await resolveToken(configDir, readSettings({}).token)
    } catch (error) {
      caught = error
    }

    expect(caught).toBeInstanceOf(AuthError)
    const error = caught as AuthError
    expect(error.exitCode).toBe(ExitCode.auth)
    expect(error.exitCode).toBe(3)
    expect(error.message).toContain('groupme auth login')
    expect(error.message).toContain('GROUPME_TOKEN')
  })

  test('a config file without a token → AuthError', async () => {
    await writeConfig(configDir, {userId: '118825642'})
    await expect(resolveToken(configDir, readSettings({}).token)).rejects.toBeInstanceOf(AuthError)
  })
})

describe('tokenProblem: a token is checked once, by its shape, and never shown', () => {
  test.each([TOKEN, OTHER_TOKEN, 'a'.repeat(20), 'A1b2-C3d4_E5f6.G7h8~I9j0+K/L=', 'x'.repeat(256)])('%p may be a token', (token) => {
    expect(tokenProblem(token)).toBeUndefined()
  })

  test.each([
    ['a newline', `tok\nX${'x'.repeat(36)}`, 'control character'],
    ['an ESC', `\u001b[2J${'x'.repeat(36)}`, 'control character'],
    ['a NUL', `${'x'.repeat(20)}\u0000${'x'.repeat(19)}`, 'control character'],
    ['DEL', `${'x'.repeat(39)}\u007f`, 'control character'],
    ['a space', `${'x'.repeat(20)} ${'x'.repeat(19)}`, 'white space'],
    ['a non-ASCII letter', `tök${'x'.repeat(37)}`, 'non-ASCII'],
    ['a quote', `${'x'.repeat(39)}"`, 'the character'],
    ['3 characters', 'abc', '3 characters long'],
    ['257 characters', 'x'.repeat(257), '257 characters long'],
  ])('%s: refused, and the message names the kind, not the token', (_, token, says) => {
    const problem = tokenProblem(token)
    expect(problem).toContain(says)
    expect(problem).not.toContain('xxxx')
  })

  test('GROUPME_TOKEN of the wrong shape → UsageError, exit 2, naming the variable', async () => {
    await expect(resolveToken(configDir, `tok\nX${'x'.repeat(36)}`)).rejects.toMatchObject({exitCode: 2, message: expect.stringContaining('GROUPME_TOKEN')})
  })

  test('a config file token of the wrong shape → UsageError, exit 2, naming the file', async () => {
    await writeConfig(configDir, {token: `tok\u001b${'x'.repeat(36)}`})
    await expect(resolveToken(configDir, undefined)).rejects.toMatchObject({exitCode: 2, message: expect.stringContaining(configPath(configDir))})
  })
})

describe('maskToken', () => {
  test('a 40-character token shows only its last four characters', () => {
    const masked = maskToken(TOKEN)
    expect(masked).not.toContain(TOKEN)
    expect(masked.endsWith('ABCD')).toBe(true)
    expect(masked.replace(/\*/g, '')).toBe('ABCD')
  })

  test('never reveals a whole token, whatever its length', () => {
    for (let length = 1; length <= 64; length++) {
      const token = 'x'.repeat(length - 1) + 'Q'
      const masked = maskToken(token)
      expect(masked).not.toContain(token)
      expect(masked.replace(/\*/g, '').length).toBeLessThan(length)
    }
  })

  test('a short token is fully hidden', () => {
    expect(maskToken('abcd1234')).toBe('****')
    expect(maskToken('')).toBe('****')
  })
})
