import {afterAll, beforeAll, beforeEach, describe, expect, test} from '@jest/globals'
import {ALICE, type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {runCli} from '../helpers/run-in-process.js'

/** `--json` and `--debug` are read once (src/core/global-flags.ts), and `--` ends them as it ends every flag. */
describe('global flags and --', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await startSandbox()
  })
  beforeEach(() => sandbox.resetRequests())
  afterAll(() => sandbox.close())

  const posts = () => sandbox.requests.filter((request) => request.method === 'POST')

  test('dm send ID -- --json sends the text "--json" and prints the plain line', async () => {
    const result = await runCli(['dm', 'send', ALICE.id, '--', '--json'], {sandbox})
    expect(result.code).toBe(0)
    expect(posts()).toHaveLength(1)
    expect(sandbox.store.messages(ALICE.id).at(-1)!.text).toBe('--json')
    expect(result.stdout.trim().split('\t')).toEqual([expect.any(String), expect.any(String), '--json'])
  })

  test('an error after -- --json is a line, not a JSON object; with --json before -- it is one', async () => {
    const plain = await runCli(['dm', 'send', '@Nobody At All', '--', '--json'], {sandbox})
    expect(plain.code).not.toBe(0)
    expect(plain.stderr).toMatch(/^Error: /)
    const json = await runCli(['dm', 'send', '@Nobody At All', '--json', '--', 'hi'], {sandbox})
    expect(json.code).toBe(plain.code)
    expect(JSON.parse(json.stderr)).toEqual({error: expect.objectContaining({message: expect.any(String)})})
    expect(posts()).toHaveLength(0)
  })

  test('a parse error is said as --json asks, even though the flags did not parse', async () => {
    const result = await runCli(['chats', 'list', '--bogus', '--json'], {sandbox})
    expect(result.code).toBe(2)
    expect(JSON.parse(result.stderr).error.message).toContain('--bogus')
  })

  test('the value of --jq is not a flag: `--jq --json` is a usage error said as a line', async () => {
    const result = await runCli(['chats', 'list', '--jq', '--json'], {sandbox})
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^Error: --jq needs a value/)
  })
})
