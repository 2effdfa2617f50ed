import {describe, expect, test} from '@jest/globals'
import {runCli} from './helpers/cli.js'

/** What fails before a command starts (src/cli.ts) reads --json the same way: `--` ends it. */
describe('an unknown command and --json', () => {
  test('`groupme nope --json` is a JSON error; `groupme nope -- --json` a line', async () => {
    const json = await runCli(['nope', '--json'])
    expect(json.code).toBe(2)
    expect(JSON.parse(json.stderr).error.message).toContain('unknown command "nope"')
    const plain = await runCli(['nope', '--', '--json'])
    expect(plain.code).toBe(2)
    expect(plain.stderr).toMatch(/^Error: unknown command "nope"/)
    expect(plain.stdout + json.stdout).toBe('')
  })

  test('words after a command that takes none are an unexpected argument, not an unknown command', async () => {
    const result = await runCli(['chats', 'list', 'extra', '--json'])
    expect(result.code).toBe(2)
    expect(JSON.parse(result.stderr).error.message).toBe('unexpected argument "extra" for "chats list". See: groupme chats list --help')
  })
})
