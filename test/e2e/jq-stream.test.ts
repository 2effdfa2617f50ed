import {spawn} from 'node:child_process'
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {BIN, cliEnv, finished} from './helpers/cli.js'

/** `--jq` output streams (issue 24): a program that prints for ever, read by a reader that stops. */
describe('--jq into a reader that closes', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await startSandbox()
  })
  afterAll(() => sandbox.close())

  test('repeat(.) | head -n 3: the first lines, then a clean exit 0 and nothing on stderr', async () => {
    const env = cliEnv({sandbox})
    const script = `set -o pipefail; "${process.execPath}" "${BIN}" chats list --limit 1 --jq 'repeat(length)' | head -n 3`
    const child = spawn('bash', ['-c', script], {env, stdio: ['pipe', 'pipe', 'pipe']})
    child.stdin.end()
    const result = await finished(child)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('1\n1\n1\n')
  })
})
