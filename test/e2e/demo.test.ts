import {afterAll, describe, expect, test} from '@jest/globals'
import {spawn, spawnSync} from 'node:child_process'
import {mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {waitFor} from '../helpers/wait.js'

/**
 * `npm run demo` (scripts/demo.js, after the compile that e2e tests need anyway), as the README's
 * first command: it shows tables as a terminal does and the same columns in a pipe, and leaves
 * nothing behind in the temporary directory, saying where its files were.
 */
const DEMO = fileURLToPath(new URL('../../scripts/demo.js', import.meta.url))
const hasScript = spawnSync('script', ['--version'], {stdio: 'ignore'}).status === 0
const scratch: string[] = []
afterAll(() => {
  for (const dir of scratch) rmSync(dir, {recursive: true, force: true})
})

/** The demo with a temporary directory of its own, its output as it comes. */
function startDemo() {
  const temp = mkdtempSync(join(tmpdir(), 'groupme-demo-test-'))
  const home = mkdtempSync(join(tmpdir(), 'groupme-demo-home-'))
  scratch.push(temp, home)
  const child = spawn(process.execPath, [DEMO], {
    env: {PATH: process.env.PATH, HOME: home, TMPDIR: temp, TERM: 'xterm'},
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  const closed = new Promise<number | null>((resolve) => child.once('close', resolve))
  return {child, temp, closed, output: () => output}
}

describe('npm run demo', () => {
  test('walks through the commands, with tables and tab-separated lines, and removes its files', async () => {
    const demo = startDemo()
    const code = await demo.closed
    const output = demo.output()
    expect(`exit ${code}: ${output.slice(-2000)}`).toMatch(/^exit 0: /)
    expect(output).toContain('Demo finished: every command behaved as expected.')
    // In a pipe: the columns as tab-separated lines, no header.
    expect(output).toMatch(/^93645911\+118825642\tAlice Example\t\d+\t/m)
    // On a terminal: a header and columns padded with spaces.
    if (hasScript) {
      expect(output).toMatch(/^CHAT ID {2,}OTHER USER {2,}MESSAGES/m)
      expect(output).toMatch(/^ID {2,}TIME {2,}FROM {2,}TEXT/m)
      expect(output).not.toContain('\r')
    }

    const where = /The demo's files were in (\S+); removed\./.exec(output)?.[1]
    expect(where?.startsWith(demo.temp)).toBe(true)
    expect(readdirSync(demo.temp)).toEqual([])
  }, 120_000)

  test('Ctrl-C: the running command ends, the files are removed all the same, exit 130', async () => {
    const demo = startDemo()
    await waitFor(() => demo.output().includes('$ groupme dm list'), 60_000)
    demo.child.kill('SIGINT')
    expect(await demo.closed).toBe(130)
    expect(demo.output()).toMatch(/The demo's files were in \S+; removed\./)
    expect(readdirSync(demo.temp)).toEqual([])
  }, 120_000)
})
