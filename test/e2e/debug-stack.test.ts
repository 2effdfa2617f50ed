import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {fileURLToPath} from 'node:url'
import {type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {runCli} from './helpers/cli.js'

const PLANTED = fileURLToPath(new URL('../fixtures/planted-failure.cjs', import.meta.url))

/**
 * An error the CLI does not expect, under --debug: the built CLI prints its stack through the
 * bundle's source map (scripts/bundle.js, src/boot.ts), naming src/ files and our functions.
 * The failure is planted from outside, by a preloaded script (test/fixtures/planted-failure.cjs).
 */
describe('--debug and an unexpected error', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await startSandbox()
  })
  afterAll(() => sandbox.close())

  const planted = {NODE_OPTIONS: `--require ${PLANTED}`}

  test('the stack names src/ files and functions, as in the sources', async () => {
    const result = await runCli(['chats', 'list', '--json', '--debug'], {sandbox, env: planted})
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('"message":"unexpected error: planted failure"')
    expect(result.stderr).toContain('TypeError: planted failure')
    // Frames of our own code, mapped back to the TypeScript sources, with their names: a function,
    // and a method of the command's class.
    expect(result.stderr).toMatch(/\n {4}at [a-z]\w+ \(\/\S+\/src\/[\w/-]+\.ts:\d+:\d+\)\n/)
    expect(result.stderr).toMatch(/\n {4}at async ChatsList\.\w+ \(\/\S+\/src\/[\w/-]+\.ts:\d+:\d+\)\n/)
    expect(result.stderr).not.toContain('dist/cli.cjs')
    expect(result.stderr).not.toContain(sandbox.token)
  })

  test('without --debug the same failure is one line', async () => {
    const result = await runCli(['chats', 'list', '--json'], {sandbox, env: planted})
    expect(result.code).toBe(1)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })
})
