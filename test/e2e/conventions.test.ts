import {describe, expect, test} from '@jest/globals'
import {runCli} from './helpers/cli.js'

/** What only the real bin shows: oclif's routing, the help plugin, the root help, the version. */
describe('help, version and mistakes, on the real bin', () => {
  test('-h is --help on every command, and on topics', async () => {
    const [short, long, topic] = await Promise.all([runCli(['dm', 'list', '-h']), runCli(['dm', 'list', '--help']), runCli(['dm', '-h'])])
    expect(short.code).toBe(0)
    expect(short.stdout).toBe(long.stdout)
    expect(short.stdout).toContain('USAGE')
    expect(topic.code).toBe(0)
    expect(topic.stdout).toContain('dm send')
  })

  test('groupme version is groupme --version', async () => {
    const [word, flag] = await Promise.all([runCli(['version']), runCli(['--version'])])
    expect(word).toEqual({...flag})
    expect(word.stdout).toMatch(/^groupme-dm-cli\/\d+\.\d+\.\d+ /)
  })

  test('groupme alone, --help, -h and help: the commands, the help topics and examples, exit 0', async () => {
    const results = await Promise.all([[], ['--help'], ['-h'], ['help']].map((args) => runCli(args)))
    for (const result of results) {
      expect(result.code).toBe(0)
      expect(result.stdout).toBe(results[0].stdout)
    }

    expect(results[0].stdout).toContain('HELP TOPICS\n  environment')
    expect(results[0].stdout).toContain('EXAMPLES\n')
    expect(results[0].stdout).toContain('$ groupme dm send @Bob')
  })

  test.each(['environment', 'exit-codes', 'formatting'])('groupme help %s prints the topic', async (topic) => {
    const result = await runCli(['help', topic])
    expect(result.code).toBe(0)
    expect(result.stdout.length).toBeGreaterThan(200)
    expect(result.stdout).not.toContain('|---')
  })

  test.each([
    [['dm', 'lst'], 'Error: unknown command "lst" in "dm". Did you mean "dm list"? The commands are delete, export, list, pin, pins, purge, react, send, tail, unpin, unreact, watch. See: groupme dm --help\n'],
    [['dm', 'list', '1', '--limt', '3'], 'Error: unknown flag --limt (did you mean --limit?). See: groupme dm list --help\n'],
    // The lists of commands grow as commands are added: only their start is fixed here.
    [['nope'], /^Error: unknown command "nope"\. The commands are (?!.*environment)[a-z, ]*auth, blocks, chats, .*\. See: groupme --help\n$/],
    [['help', 'nope'], /^Error: unknown command "nope"\. The commands are [a-z, ]*auth, blocks, chats, .*environment, exit-codes, formatting, .*\. See: groupme --help\n$/],
    [['help', 'enviroment'], /^Error: unknown command "enviroment"\. Did you mean "environment"\? The commands are .*\. See: groupme --help\n$/],
    [['chats', 'list', '--all', '--page', '2'], 'Error: --page and --all cannot be used together. See: groupme chats list --help\n'],
    [['dm', 'list'], 'Error: missing USER (the other user\'s id, @Name, or the chat id that chats list prints). See: groupme dm list --help\n'],
    [[''], /^Error: a command is needed: [a-z, ]*auth, blocks, chats, .*\. See: groupme --help\n$/],
    [['chats', 'show', '1', '2'], 'Error: unexpected argument "2". See: groupme chats show --help\n'],
  ])('%j is exit 2, in the project\'s words', async (args, stderr) => {
    const result = await runCli(args)
    expect(result).toMatchObject({code: 2, stdout: ''})
    if (typeof stderr === 'string') expect(result.stderr).toBe(stderr)
    else expect(result.stderr).toMatch(stderr)
  })

  test('no message keeps oclif\'s doubled full stops or doubled spaces', async () => {
    const results = await Promise.all([['dm', 'list'], ['help', 'nope'], ['dm', 'send'], ['dm', 'export', '1']].map((args) => runCli(args)))
    for (const result of results) {
      expect(result.code).toBe(2)
      expect(result.stderr).not.toMatch(/\.\.| {2}|The following error|Nonexistent/)
    }
  })
})
