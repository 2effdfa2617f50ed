import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {splitWords} from '../../src/core/pager.js'
import {readSettings} from '../../src/core/settings.js'
import {ALICE, type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {runCli} from '../helpers/run-in-process.js'
import {tempDir} from '../unit/helpers/temp-dir.js'

const FAKE_PAGER = fileURLToPath(new URL('../fixtures/fake-pager.mjs', import.meta.url))
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0)

/** A GROUPME_PAGER that records what it was given in `record`. */
function fakePager(record: string, mode = ''): string {
  return `"${process.execPath}" "${FAKE_PAGER}" "${record}" ${mode}`.trim()
}

function recorded(record: string): {text: string; less?: string; lv?: string} {
  return JSON.parse(readFileSync(record, 'utf8'))
}

describe('which pager (Settings)', () => {
  test.each([
    [{}, 'less -FRX'],
    [{PAGER: 'more'}, 'more'],
    [{PAGER: 'more', GROUPME_PAGER: 'most -s'}, 'most -s'],
    [{PAGER: 'more', GROUPME_PAGER: ''}, undefined],
    [{GROUPME_PAGER: 'cat'}, undefined],
    [{PAGER: 'cat'}, undefined],
    [{PAGER: '  '}, undefined],
  ])('%p pages with %p', (env, command) => {
    expect(readSettings(env).pager?.command).toBe(command)
  })

  test('LESS=FRX and LV=-c unless set already, as gh does', () => {
    expect(readSettings({}).pager?.env).toMatchObject({LESS: 'FRX', LV: '-c'})
    expect(readSettings({LESS: 'R'}).pager?.env.LESS).toBe('R')
  })

  test('the command is split into words as sh would, without a shell', () => {
    expect(splitWords('less -FRX')).toEqual(['less', '-FRX'])
    expect(splitWords(`"/opt/my pager/bin" -a 'b c' d\\ e ""`)).toEqual(['/opt/my pager/bin', '-a', 'b c', 'd e', ''])
  })
})

describe('the pager in a run', () => {
  let sandbox: Sandbox
  let dir: string
  let removeDir: () => Promise<void>
  beforeAll(async () => {
    sandbox = await startSandbox()
    sandbox.store.addMessages(ALICE.id, 300, {text: (i) => `filler ${i} ☕`})
    ;({path: dir, remove: removeDir} = await tempDir('groupme-pager-'))
  })
  afterAll(async () => {
    await sandbox.close()
    await removeDir()
  })

  test('a list on a terminal goes through GROUPME_PAGER, which gets the table and LESS=FRX', async () => {
    const record = join(dir, 'list.json')
    const result = await runCli(['dm', 'list', ALICE.id, '--limit', '5'], {sandbox, stdoutColumns: 100, now: NOW, env: {NO_COLOR: '1', GROUPME_PAGER: fakePager(record)}})
    expect(result.code).toBe(0)
    const got = recorded(record)
    expect(got.text.split('\n')[0]).toMatch(/^ID +TIME +FROM +TEXT/)
    expect(got.text.trimEnd().split('\n')).toHaveLength(6)
    expect(got.less).toBe('FRX')
    // The pager showed it: what it wrote is what reached the terminal.
    expect(result.stdout).toBe(got.text)
  })

  test('PAGER is used when GROUPME_PAGER is not set', async () => {
    const record = join(dir, 'pager.json')
    const result = await runCli(['chats', 'list'], {sandbox, stdoutColumns: 100, env: {PAGER: fakePager(record)}})
    expect(result.code).toBe(0)
    expect(recorded(record).text).toContain('CHAT ID')
  })

  test('never in a pipe, whatever is set', async () => {
    const record = join(dir, 'pipe.json')
    const result = await runCli(['dm', 'list', ALICE.id, '--limit', '3'], {sandbox, env: {GROUPME_PAGER: fakePager(record)}})
    expect(result.code).toBe(0)
    expect(existsSync(record)).toBe(false)
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(3)
  })

  test('not for one record (auth status)', async () => {
    const record = join(dir, 'record.json')
    const result = await runCli(['auth', 'status'], {sandbox, stdoutColumns: 80, env: {NO_COLOR: '1', GROUPME_PAGER: fakePager(record)}})
    expect(result.code).toBe(0)
    expect(existsSync(record)).toBe(false)
    expect(result.stdout).toMatch(/^name +Sandbox Me$/m)
  })

  test('GROUPME_PAGER=cat writes to the terminal directly', async () => {
    const result = await runCli(['dm', 'list', ALICE.id, '--limit', '3'], {sandbox, stdoutColumns: 100, env: {NO_COLOR: '1', GROUPME_PAGER: 'cat', PAGER: fakePager(join(dir, 'never.json'))}})
    expect(result.code).toBe(0)
    expect(existsSync(join(dir, 'never.json'))).toBe(false)
    expect(result.stdout.split('\n')[0]).toMatch(/^ID +TIME/)
  })

  test('a pager that cannot be started is said on stderr, and the output still comes', async () => {
    const result = await runCli(['dm', 'list', ALICE.id, '--limit', '3'], {sandbox, stdoutColumns: 100, env: {GROUPME_PAGER: join(dir, 'no-such-pager')}})
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('could not start the pager')
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(4)
  })

  test('a pager quit before the end (q in less) ends the run quietly, exit 0', async () => {
    const record = join(dir, 'quit.json')
    const result = await runCli(['dm', 'list', ALICE.id, '--all'], {sandbox, stdoutColumns: 100, env: {GROUPME_PAGER: fakePager(record, 'quit')}})
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    expect(recorded(record).text.length).toBeGreaterThan(0)
  })
})
