import {describe, expect, test} from '@jest/globals'
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {runCli} from '../helpers/run-in-process.js'

/** What bash offers at TAB after `words` (the last one being completed), with the script loaded. */
function complete(script: string, line: string, cwd?: string): string[] {
  const words = line.split(' ')
  const program = `${script}\nCOMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _groupme; printf '%s\\n' "\${COMPREPLY[@]}"`
  const result = spawnSync('bash', ['--norc', '-c', program], {cwd, encoding: 'utf8'})
  expect(result.stderr).toBe('')
  return result.stdout.split('\n').filter(Boolean)
}

describe('groupme completion', () => {
  let script: string

  test('prints a bash script ending with a newline', async () => {
    const result = await runCli(['completion', 'bash'])
    expect(result.code).toBe(0)
    expect(result.stdout.endsWith('\n')).toBe(true)
    expect(result.stdout).toContain('complete -o default -F _groupme groupme')
    script = result.stdout
  })

  test('commands, subcommands and help topics', () => {
    expect(complete(script, 'groupme d')).toEqual(['dm'])
    // aliases complete too (dm like is dm react's)
    expect(complete(script, 'groupme dm l')).toEqual(['like', 'list'])
    expect(complete(script, 'groupme dm p')).toEqual(['pin', 'pins', 'purge'])
    expect(complete(script, 'groupme help e')).toEqual(['environment', 'exit-codes'])
  })

  test('flags of the command typed, with --no- forms', () => {
    expect(complete(script, 'groupme dm list 1 --li')).toEqual(['--limit'])
    expect(complete(script, 'groupme dm list 1 --no-c')).toEqual(['--no-color'])
  })

  test('a flag the command refuses is not offered: mcp config and completion have no --json or --header; sandbox has --json, not --header', () => {
    expect(complete(script, 'groupme mcp config --j')).toEqual([])
    expect(complete(script, 'groupme mcp config --hea')).toEqual([])
    expect(complete(script, 'groupme completion bash --j')).toEqual([])
    expect(complete(script, 'groupme sandbox --j')).toEqual(['--json'])
    expect(complete(script, 'groupme sandbox --hea')).toEqual([])
    expect(complete(script, 'groupme chats list --hea')).toEqual(['--header'])
  })

  test('--order <TAB> offers its values', () => {
    expect(complete(script, 'groupme dm export 1 --order ')).toEqual(['asc', 'desc'])
  })

  test('--out and --image offer files, --media directories', () => {
    const dir = mkdtempSync(join(tmpdir(), 'groupme-complete-'))
    writeFileSync(join(dir, 'alice.jsonl'), '')
    mkdirSync(join(dir, 'alice-media'))
    expect(complete(script, 'groupme dm export 1 --out ali', dir).sort()).toEqual(['alice-media', 'alice.jsonl'])
    expect(complete(script, 'groupme dm export 1 --media ali', dir)).toEqual(['alice-media'])
    expect(complete(script, 'groupme dm send 1 hi --image ali', dir).sort()).toEqual(['alice-media', 'alice.jsonl'])
  })

  test('a flag that takes a free value offers no flags in its place', () => {
    expect(complete(script, 'groupme dm list 1 --limit ')).toEqual([])
  })

  test('zsh gets the same function, loaded through bashcompinit', async () => {
    const result = await runCli(['completion', 'zsh'])
    expect(result.stdout).toContain('bashcompinit')
  })
})
