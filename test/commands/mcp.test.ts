import {describe, expect, test} from '@jest/globals'
import {fileURLToPath} from 'node:url'
import {runCli} from '../helpers/run-in-process.js'
import {sandboxPerTest} from '../helpers/sandbox.js'

const BIN = fileURLToPath(new URL('../../bin/run.cjs', import.meta.url))
const sandboxWith = sandboxPerTest()

describe('groupme mcp config', () => {
  test.each([
    ['claude', {mcpServers: {groupme: {command: process.execPath, args: [BIN, 'mcp']}}}, 'claude_desktop_config.json'],
    ['cursor', {mcpServers: {groupme: {command: process.execPath, args: [BIN, 'mcp']}}}, '.cursor/mcp.json'],
    ['vscode', {servers: {groupme: {type: 'stdio', command: process.execPath, args: [BIN, 'mcp']}}}, '.vscode/mcp.json'],
  ])('%s: this Node running this CLI by its absolute path; where it goes on stderr; no token', async (host, expected, where) => {
    const sandbox = await sandboxWith()
    const result = await runCli(['mcp', 'config', host], {sandbox})
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual(expected)
    expect(result.stderr).toContain(where)
    expect(result.stdout + result.stderr).not.toContain(sandbox.token)
  })

  test('codex: TOML; --db (absolute), --allow-send and --yes are passed on', async () => {
    const result = await runCli(['mcp', 'config', 'codex', '--db', 'my.db', '--allow-send', '@Alice,@Bob', '--yes'], {cwd: '/tmp'})
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(
      `[mcp_servers.groupme]\ncommand = ${JSON.stringify(process.execPath)}\nargs = [${JSON.stringify(BIN)}, "mcp", "--db", "/tmp/my.db", "--allow-send", "@Alice,@Bob", "--yes"]\n`,
    )
    expect(result.stderr).toContain('~/.codex/config.toml')
  })

  test('the default host is claude; --allow-send alone allows every chat', async () => {
    const result = await runCli(['mcp', 'config', '--allow-send'])
    expect(JSON.parse(result.stdout).mcpServers.groupme.args).toEqual([BIN, 'mcp', '--allow-send'])
  })

  test('--allow-send alone does not take the next flag for its value: --allow-send --debug debugs', async () => {
    const result = await runCli(['mcp', 'config', 'emacs', '--allow-send', '--debug'])
    expect(result.code).toBe(2)
    // --debug's stack trace under the one-line error: the early read of --debug saw it too.
    expect(result.stderr).toMatch(/^Error: .*\n(.*\n)*\s+at \S/)
  })

  test('an unknown host is a usage error', async () => {
    const result = await runCli(['mcp', 'config', 'emacs'])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
  })
})

describe('groupme mcp: flags checked before serving', () => {
  test.each([
    [['--allow-send', 'bob'], '--allow-send "bob" is not an id: did you mean @bob?'],
    [['--allow-send', ' , '], '--allow-send takes chats separated by commas'],
    [['--yes'], '--allow-send'],
  ])('mcp %j: exit 2, nothing on stdout', async (args, message) => {
    const result = await runCli(['mcp', ...args])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(message)
  })
})

describe('groupme mcp started by hand', () => {
  test('on a terminal it says what it is on stderr, and ends with its input (Ctrl-D), stdout untouched', async () => {
    const result = await runCli(['mcp'], {terminal: true, stdin: ''})
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('serving MCP on stdin and stdout for an AI assistant to start (see `groupme mcp config`)')
  })
})

describe('groupme mcp fed from a pipe', () => {
  test('input that ends while tool calls are running: every request is still answered, then it exits 0', async () => {
    const sandbox = await sandboxWith()
    const requests = [
      {jsonrpc: '2.0', id: 1, method: 'initialize', params: {protocolVersion: '2025-06-18', capabilities: {}, clientInfo: {name: 'pipe', version: '1'}}},
      {jsonrpc: '2.0', method: 'notifications/initialized'},
      {jsonrpc: '2.0', id: 2, method: 'tools/call', params: {name: 'list_chats', arguments: {}}},
      {jsonrpc: '2.0', id: 3, method: 'tools/call', params: {name: 'list_pins', arguments: {chat: '@Alice'}}},
    ]
    const result = await runCli(['mcp'], {sandbox, stdin: requests.map((request) => JSON.stringify(request) + '\n').join('')})
    expect(result.code).toBe(0)
    const answers = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as {id: number; error?: unknown})
    expect(answers.map((answer) => answer.id).sort()).toEqual([1, 2, 3])
    expect(answers.filter((answer) => answer.error !== undefined)).toEqual([])
  })
})
