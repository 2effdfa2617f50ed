/**
 * Foreseeable trouble with the files the CLI reads and writes: each is one line on stderr that
 * names the path, with the exit code of its kind, and no stack.
 */
import {chmodSync, mkdirSync, mkdtempSync, statSync, truncateSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {ALICE, type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {runCli} from './helpers/cli.js'

const scratch = () => mkdtempSync(join(tmpdir(), 'groupme-e2e-files-'))
const stderrLines = (text: string) => text.split('\n').filter(Boolean)
/** A directory no one can create files in: as root permissions do not stop a write, but /sys still does. */
function unwritableDirectory(): string {
  if (process.getuid?.() === 0) return '/sys/kernel'
  const dir = join(scratch(), 'read-only')
  mkdirSync(dir, {mode: 0o500})
  return dir
}

describe('files the CLI cannot use', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await startSandbox()
  })
  afterAll(() => sandbox.close())

  test.each([
    ['cut short', (file: string) => writeFileSync(file, '{"token": "abc'), 'is not a groupme config file: it is not valid JSON (cut short?)'],
    ['a directory', (file: string) => mkdirSync(file), 'is not a groupme config file but a directory'],
  ])('a config.json that is %s: exit 2, one line naming it', async (_, make, said) => {
    const configDir = scratch()
    make(join(configDir, 'config.json'))
    const result = await runCli(['chats', 'list'], {sandbox, configDir, env: {GROUPME_TOKEN: undefined}})
    expect(result.code).toBe(2)
    expect(stderrLines(result.stderr)).toEqual([`Error: ${join(configDir, 'config.json')} ${said}; remove it and run \`groupme auth login\` again`])
  })

  test('auth login into a config directory others may write to (1777, like /tmp) is refused and the directory keeps its mode', async () => {
    const configDir = scratch()
    chmodSync(configDir, 0o1777)
    const result = await runCli(['auth', 'login', '--with-token'], {sandbox, configDir, stdin: sandbox.token, env: {GROUPME_TOKEN: undefined}})
    expect(result.code).toBe(2)
    expect(stderrLines(result.stderr)).toEqual([expect.stringMatching(new RegExp(`^Error: the config directory ${configDir} may be written by other users \\(mode 1777\\)`))])
    expect(statSync(configDir).mode & 0o7777).toBe(0o1777)
  })

  test('a directory where the archive or the state file should be: exit 2, one line naming it', async () => {
    const dir = scratch()
    mkdirSync(join(dir, 'archive.db'))
    const exported = await runCli(['dm', 'export', ALICE.id, '--out', join(dir, 'alice.jsonl'), '--db', join(dir, 'archive.db')], {sandbox})
    expect(exported.code).toBe(2)
    expect(stderrLines(exported.stderr)).toEqual([`Error: cannot open ${join(dir, 'archive.db')}: it is a directory; give --db a file`])
    mkdirSync(join(dir, 'alice.json'))
    const tailed = await runCli(['dm', 'tail', ALICE.id, '--state', join(dir, 'alice.json')], {sandbox})
    expect(tailed.code).toBe(2)
    expect(stderrLines(tailed.stderr)).toEqual([`Error: ${join(dir, 'alice.json')} is not a dm tail state file but a directory; remove it to start again`])
  })

  test('a state file of 3 GiB (over what readFile takes) is refused without reading it', async () => {
    const state = join(scratch(), 'alice.json')
    writeFileSync(state, '')
    truncateSync(state, 3 * 1024 ** 3)
    const result = await runCli(['dm', 'tail', ALICE.id, '--state', state], {sandbox})
    expect(result.code).toBe(2)
    expect(stderrLines(result.stderr)).toEqual([`Error: ${state} is not a dm tail state file: it holds 3221225472 bytes; remove it to start again`])
  })

  test('an output or state directory that cannot be written (EACCES on the lock): exit 2, one line naming the lock file', async () => {
    const dir = unwritableDirectory()
    for (const [args, file] of [
      [['dm', 'export', ALICE.id, '--out', join(dir, 'alice.jsonl')], join(dir, 'alice.jsonl.lock')],
      [['dm', 'tail', ALICE.id, '--state', join(dir, 'alice.json')], join(dir, 'alice.json.lock')],
    ] as const) {
      const result = await runCli([...args], {sandbox})
      expect(result.code).toBe(2)
      expect(stderrLines(result.stderr)).toEqual([`Error: cannot create the lock file ${file}: permission denied; check its permissions, or choose another path`])
    }
  })

  test('auth logout with a directory where config.json should be: exit 2, one line naming it', async () => {
    const configDir = scratch()
    mkdirSync(join(configDir, 'config.json'))
    const result = await runCli(['auth', 'logout'], {sandbox, configDir})
    expect(result.code).toBe(2)
    expect(stderrLines(result.stderr)).toEqual([`Error: cannot remove ${join(configDir, 'config.json')}: it is a directory`])
  })
})
