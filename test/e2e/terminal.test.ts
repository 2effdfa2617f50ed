import {spawn, spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {ALICE, type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {textWidth} from '../../src/output/width.js'
import {tempDir} from '../unit/helpers/temp-dir.js'
import {BIN, cliEnv, runCli} from './helpers/cli.js'
import * as wait from '../helpers/wait.js'

/**
 * The built CLI on a real terminal: `script` gives it a pseudo-terminal of a set width, as a
 * person's would be. What script passes back has \r\n line ends.
 */
function onTerminal(args: string[], options: {sandbox: Sandbox; columns: number; env?: Record<string, string>}) {
  const quoted = [process.execPath, BIN, ...args].map((word) => `'${word.replaceAll("'", `'\\''`)}'`).join(' ')
  const env = cliEnv({sandbox: options.sandbox, env: {TERM: 'xterm', ...options.env}})
  const child = spawn('script', ['-qfec', `stty cols ${options.columns} rows 40; exec ${quoted}`, '/dev/null'], {env, stdio: ['pipe', 'pipe', 'pipe']})
  let output = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)))
  return {child, closed, output: () => output.replaceAll('\r', '')}
}

const FAKE_PAGER = fileURLToPath(new URL('../fixtures/fake-pager.mjs', import.meta.url))

const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '')

const waitFor = (condition: () => boolean, timeoutMs = 20_000) => wait.waitFor(condition, timeoutMs, 50)

const hasScript = spawnSync('script', ['--version'], {stdio: 'ignore'}).status === 0

;(hasScript ? describe : describe.skip)('on a terminal (script(1) gives the CLI a pseudo-terminal)', () => {
  let sandbox: Sandbox
  let dir: {path: string; remove: () => Promise<void>}
  beforeAll(async () => {
    sandbox = await startSandbox()
    sandbox.store.addMessages(ALICE.id, 150, {text: (i) => (i % 2 ? `☕ coffee ${i} `.repeat(12) : `🚀 日本語 👩‍👩‍👧‍👦 ${i}`)})
    dir = await tempDir('groupme-terminal-')
  })
  afterAll(async () => {
    await sandbox.close()
    await dir.remove()
  })

  test.each([120, 80, 50])('dm list --all at %p columns: a header, one line a message, none wider than the terminal', async (columns) => {
    const run = onTerminal(['dm', 'list', ALICE.id, '--all'], {sandbox, columns, env: {GROUPME_PAGER: 'cat'}})
    expect(await run.closed).toBe(0)
    const lines = stripAnsi(run.output()).replace(/\n$/, '').split('\n')
    expect(lines[0]).toMatch(/^(ID {2,})?(TIME {2,})?FROM {2,}TEXT/)
    expect(lines.length).toBe(1 + sandbox.store.messages(ALICE.id).length)
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(columns)
    expect(run.output()).not.toMatch(/[┌│─]/)
  })

  test('colour on a terminal, none with NO_COLOR, and --color wins over NO_COLOR', async () => {
    const coloured = onTerminal(['dm', 'list', ALICE.id, '--limit', '2'], {sandbox, columns: 100, env: {GROUPME_PAGER: 'cat'}})
    expect(await coloured.closed).toBe(0)
    expect(coloured.output()).toContain('\u001b[1mID\u001b[22m')
    const plain = onTerminal(['dm', 'list', ALICE.id, '--limit', '2'], {sandbox, columns: 100, env: {GROUPME_PAGER: 'cat', NO_COLOR: '1'}})
    expect(await plain.closed).toBe(0)
    expect(plain.output()).not.toContain('\u001b[')
    const forced = onTerminal(['dm', 'list', ALICE.id, '--limit', '2', '--color'], {sandbox, columns: 100, env: {GROUPME_PAGER: 'cat', NO_COLOR: '1'}})
    expect(await forced.closed).toBe(0)
    expect(forced.output()).toContain('\u001b[1mID\u001b[22m')
  })

  test('--color and FORCE_COLOR colour a pipe; NO_COLOR alone does not', async () => {
    const forced = await runCli(['dm', 'list', ALICE.id, '--limit', '2', '--color'], {sandbox})
    expect(forced.stdout).toContain('\u001b[2m')
    const environment = await runCli(['dm', 'list', ALICE.id, '--limit', '2'], {sandbox, env: {CLICOLOR_FORCE: '1'}})
    expect(environment.stdout).toContain('\u001b[2m')
    const plain = await runCli(['dm', 'list', ALICE.id, '--limit', '2'], {sandbox})
    expect(plain.stdout).not.toContain('\u001b[')
    // In a pipe times are ISO 8601 with their offset.
    expect(plain.stdout.split('\t')[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/)
  })

  test('dm tail --follow prints the header once and each new message as a line, with no redraw', async () => {
    const state = join(dir.path, 'alice.json')
    expect((await runCli(['dm', 'tail', ALICE.id, '--state', state, '--init'], {sandbox})).code).toBe(0)
    const run = onTerminal(['dm', 'tail', ALICE.id, '--state', state, '--follow', '--interval', '1'], {sandbox, columns: 100, env: {NO_COLOR: '1'}})
    try {
      await waitFor(() => run.output().includes('No new messages.'))
      sandbox.store.addMessages(ALICE.id, 2, {text: (i) => `first batch ${i}`})
      await waitFor(() => run.output().includes('first batch 1'))
      sandbox.store.addMessages(ALICE.id, 1, {text: () => 'second batch'})
      await waitFor(() => run.output().includes('second batch'))
    } finally {
      run.child.kill('SIGTERM')
      await run.closed
    }

    const lines = run.output().split('\n').filter((line) => line.trim() !== '')
    expect(lines.filter((line) => /^ID {2,}TIME/.test(line))).toHaveLength(1)
    expect(lines.filter((line) => / {2}(first batch \d|second batch)$/.test(line))).toHaveLength(3)
    // No box, and nothing that moves the cursor or clears the screen.
    expect(run.output()).not.toMatch(/[┌│─]|\u001b\[\d*[ABJK]/)
  })

  test('Ctrl-C while the pager shows: the CLI waits for the pager to be quit, then exits 130', async () => {
    const record = join(dir.path, 'ctrl-c.json')
    const pager = `"${process.execPath}" "${FAKE_PAGER}" "${record}" ctrl-c`
    const run = onTerminal(['dm', 'list', ALICE.id, '--all'], {sandbox, columns: 100, env: {GROUPME_PAGER: pager, NO_COLOR: '1'}})
    await waitFor(() => run.output().includes('pager ready'))
    // Ctrl-C typed at the terminal: the line discipline signals the CLI and the pager alike.
    run.child.stdin.write('\u0003')
    expect(await run.closed).toBe(130)
    // The pager was done (it had written its record) before the CLI ended.
    expect(existsSync(record)).toBe(true)
  })
})
