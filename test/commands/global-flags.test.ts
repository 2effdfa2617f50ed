import {afterAll, beforeAll, beforeEach, describe, expect, test} from '@jest/globals'
import {readFileSync} from 'node:fs'
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

/**
 * --json and --header where a command cannot honour them: refused with exit 2, before anything
 * runs, saying why (docs/decisions/0073-an-output-flag-a-command-cannot-honour-is-refused.md).
 */
describe('an output flag a command cannot honour is refused', () => {
  const MCP = 'stdout carries the MCP protocol (JSON-RPC) and nothing else'
  test.each([
    [['mcp', '--json'], `--json does not apply: ${MCP}`],
    [['mcp', '--header'], `--header does not apply: ${MCP}`],
    [['mcp', '--allow-send', '--json'], `--json does not apply: ${MCP}`],
    [['mcp', 'config', '--json'], "--json does not apply: the snippet is printed as the host's configuration takes it (JSON for claude, vscode and cursor; TOML for codex)"],
    [['mcp', 'config', 'codex', '--header'], '--header does not apply: it prints the configuration snippet, no columns'],
    [['completion', 'bash', '--json'], '--json does not apply: it prints a shell script'],
    [['completion', '--header'], '--header does not apply: it prints a shell script'],
    [['sandbox', '--header'], '--header does not apply: it prints no columns: export lines for a shell, or one JSON object with --json'],
    [['dm', 'watch', '--header'], '--header does not apply: it prints no columns: lines on a terminal, one JSON object a line in a pipe'],
    [['blocks', 'check', ALICE.id, '--header'], '--header does not apply: it prints one line, blocked or not blocked; no columns'],
  ])('%j: exit 2, said in a line (not as JSON), nothing on stdout', async (args, message) => {
    const result = await runCli(args)
    expect(result).toEqual({code: 2, signal: null, stdout: '', stderr: `Error: ${message}\n`})
  })

  test('where the command takes --json, the refusal of --header is said as JSON', async () => {
    const result = await runCli(['blocks', 'check', ALICE.id, '--header', '--json'])
    expect({code: result.code, stdout: result.stdout}).toEqual({code: 2, stdout: ''})
    expect(JSON.parse(result.stderr).error.message).toBe('--header does not apply: it prints one line, blocked or not blocked; no columns')
  })

  test('--help does not list them there, and lists them elsewhere', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../oclif.manifest.json', import.meta.url), 'utf8')) as {
      commands: Record<string, {flags: Record<string, {hidden?: boolean}>}>
    }
    const hidden = (id: string, flag: string) => manifest.commands[id].flags[flag].hidden === true
    for (const id of ['mcp', 'mcp:config', 'completion']) expect({id, json: hidden(id, 'json'), header: hidden(id, 'header')}).toEqual({id, json: true, header: true})
    expect({json: hidden('sandbox', 'json'), header: hidden('sandbox', 'header')}).toEqual({json: false, header: true})
    expect({json: hidden('chats:list', 'json'), header: hidden('chats:list', 'header')}).toEqual({json: false, header: false})
  })
})
