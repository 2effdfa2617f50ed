import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {chmodSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {ALICE, type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {BIN, cliEnv, finished, freshConfigDir} from './helpers/cli.js'
import {spawn} from 'node:child_process'

const GUIDE = new URL('../../docs/guide.md', import.meta.url)

/** The guide's `groupme api` examples: the shell block under "Any endpoint", one example per paragraph. */
function apiExamples(): string[] {
  const text = readFileSync(GUIDE, 'utf8')
  const section = text.slice(text.indexOf('## Any endpoint: `groupme api`'))
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? ''
  return block.split('\n\n').map((example) => example.trim())
}

describe('docs/guide.md: the groupme api examples, run against the sandbox', () => {
  let sandbox: Sandbox
  let bin: string
  beforeAll(async () => {
    sandbox = await startSandbox({shortPageEvery: 4})
    // `groupme` on PATH, as an installed CLI would be.
    bin = freshConfigDir()
    writeFileSync(join(bin, 'groupme'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`)
    chmodSync(join(bin, 'groupme'), 0o755)
  })
  afterAll(() => sandbox.close())

  const shell = (script: string) => {
    const env = cliEnv({sandbox, env: {PATH: `${bin}:${process.env.PATH}`}})
    const child = spawn('sh', ['-e', '-c', script], {env, stdio: ['pipe', 'pipe', 'pipe']})
    child.stdin.end()
    return finished(child)
  }

  test('there are two: a paginated history and an endpoint no command covers', () => {
    const examples = apiExamples()
    expect(examples).toHaveLength(2)
    expect(examples[0]).toContain('--paginate')
    expect(examples[1]).toContain('/like')
  })

  test('the whole DM history, one text a line, across short pages', async () => {
    const result = await shell(apiExamples()[0])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const texts = sandbox.store
      .messages(ALICE.id)
      .map((message) => message.text)
      .filter((text): text is string => text !== null)
      .reverse()
    expect(result.stdout).toBe(texts.map((text) => text + '\n').join(''))
  })

  test('a like of the newest message', async () => {
    const newest = sandbox.store.messages(ALICE.id).at(-1)!
    expect(newest.favorited_by).not.toContain(sandbox.meId)
    const result = await shell(apiExamples()[1])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(newest.favorited_by).toContain(sandbox.meId)
    expect(sandbox.requests.at(-1)?.path).toBe(`/v3/messages/${sandbox.meId}+${ALICE.id}/${newest.id}/like`)
  })
})
