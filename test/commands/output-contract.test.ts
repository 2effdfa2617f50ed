/**
 * The output contract (issue 24): --json FIELDS and --jq on the commands that print JSON,
 * chats list --limit, and the TSV columns each command's --help names, for every command.
 */
import {mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from '@jest/globals'
import {ALICE, CAROL, EXAMPLE_MESSAGE_ID, type Sandbox} from '../../src/sandbox/index.js'
import {STATS_GROUPS} from '../../src/lib/archive/filters.js'
import {sandboxPerTest} from '../helpers/sandbox.js'
import {runCli} from '../helpers/run-in-process.js'

const sandboxWith = sandboxPerTest()

async function archived(): Promise<{box: Sandbox; db: string}> {
  const box = await sandboxWith({chats: 3, messagesPerChat: 20})
  const db = join(mkdtempSync(join(tmpdir(), 'groupme-output-contract-')), 'archive.db')
  expect((await runCli(['archive', 'sync', '--db', db], {sandbox: box})).code).toBe(0)
  return {box, db}
}

describe('--json FIELDS and --jq on the archive readers', () => {
  test('archive stats: --json FIELDS keeps those fields, --jq filters', async () => {
    const {db} = await archived()
    const fields = await runCli(['archive', 'stats', '--by', 'chat', '--json', 'bucket,messages', '--db', db])
    expect(fields.code).toBe(0)
    const rows = JSON.parse(fields.stdout) as Array<Record<string, unknown>>
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) expect(Object.keys(row)).toEqual(['bucket', 'messages'])
    const jq = await runCli(['archive', 'stats', '--by', 'chat', '--jq', 'length', '--db', db])
    expect({code: jq.code, stdout: jq.stdout}).toEqual({code: 0, stdout: `${rows.length}\n`})
  })

  test('archive search: --json FIELDS and --jq over the messages as archived', async () => {
    const {db} = await archived()
    const all = JSON.parse((await runCli(['archive', 'search', 'message OR the OR a', '--limit', '3', '--json', '--db', db])).stdout) as Array<{id: string; text: string}>
    expect(all.length).toBeGreaterThan(0)
    const fields = await runCli(['archive', 'search', 'message OR the OR a', '--limit', '3', '--json', 'id,text', '--db', db])
    expect(fields.code).toBe(0)
    expect(JSON.parse(fields.stdout)).toEqual(all.map(({id, text}) => ({id, text})))
    const jq = await runCli(['archive', 'search', 'message OR the OR a', '--limit', '3', '--jq', '.[].id', '--db', db])
    expect({code: jq.code, stdout: jq.stdout}).toEqual({code: 0, stdout: all.map((message) => `${message.id}\n`).join('')})
    const lines = await runCli(['archive', 'search', 'message OR the OR a', '--limit', '3', '--jsonl', '--jq', '.id', '--db', db])
    expect(lines.stdout).toBe(jq.stdout)
  })

  test('archive sql: --jq', async () => {
    const {db} = await archived()
    const jq = await runCli(['archive', 'sql', 'SELECT count(*) AS n FROM messages', '--jq', '.[0].n', '--db', db])
    expect(jq.code).toBe(0)
    expect(Number(jq.stdout)).toBeGreaterThan(0)
  })
})

describe('chats list --limit', () => {
  test('the first N chats, most recent first; the same as the first N of --all', async () => {
    const box = await sandboxWith({chats: 30, messagesPerChat: 1})
    const all = (await runCli(['chats', 'list', '--all'], {sandbox: box})).stdout.trim().split('\n')
    const limited = await runCli(['chats', 'list', '--limit', '25'], {sandbox: box})
    expect(limited.code).toBe(0)
    expect(limited.stdout.trim().split('\n')).toEqual(all.slice(0, 25))
  })
})

describe('dm send prints JSON through the same contract', () => {
  test('--json FIELDS and --jq on the sent message', async () => {
    const box = await sandboxWith()
    const fields = await runCli(['dm', 'send', '118825642', 'hello there', '--json', 'text'], {sandbox: box})
    expect({code: fields.code, value: JSON.parse(fields.stdout)}).toEqual({code: 0, value: {text: 'hello there'}})
    const jq = await runCli(['dm', 'send', '118825642', 'and again', '--jq', '.text'], {sandbox: box})
    expect({code: jq.code, stdout: jq.stdout}).toEqual({code: 0, stdout: 'and again\n'})
  })
})

describe('archive stats --by hour', () => {
  test('every hour, empty ones with 0; numbers right-aligned; a header over the bar', async () => {
    const {db} = await archived()
    const piped = await runCli(['archive', 'stats', '--by', 'hour', '--db', db], {env: {TZ: 'UTC'}})
    expect(piped.code).toBe(0)
    const hours = piped.stdout.trim().split('\n').map((line) => line.split('\t'))
    expect(hours.map((cells) => cells[0])).toEqual(Array.from({length: 24}, (_, hour) => String(hour).padStart(2, '0')))
    expect(hours.every((cells) => /^\d+$/.test(cells[1]))).toBe(true)

    const table = await runCli(['archive', 'stats', '--by', 'hour', '--db', db], {env: {TZ: 'UTC'}, stdoutColumns: 120})
    const lines = table.stdout.replaceAll(/\u001b\[[0-9;]*m/g, '').split('\n').filter(Boolean)
    expect(lines).toHaveLength(25)
    const header = lines[0]
    expect(header).toMatch(/^HOUR\s+MESSAGES\s+SENT\s+RECEIVED\s+LIKES GIVEN\s+LIKES RECEIVED\s+BAR$/)
    // Right-aligned: each figure ends where its header ends.
    const end = header.indexOf('MESSAGES') + 'MESSAGES'.length
    for (const line of lines.slice(1)) expect(line.slice(0, end)).toMatch(/\d$/)
  })
})

describe('--header', () => {
  test('in a pipe, the column names come first, in the order of the columns; without it, none', async () => {
    const box = await sandboxWith()
    const plain = (await runCli(['chats', 'list'], {sandbox: box})).stdout.split('\n')
    const headed = await runCli(['chats', 'list', '--header'], {sandbox: box})
    expect(headed.code).toBe(0)
    const lines = headed.stdout.split('\n')
    expect(lines[0].split('\t')).toEqual(['chat id', 'other user', 'messages', 'last message', 'updated', 'user id'])
    expect(plain[0].split('\t')).toHaveLength(6)
    expect(lines.slice(1)).toEqual(plain)
  })
})

describe('--header on archive search', () => {
  test('the seven column names first, then the hits as without it', async () => {
    const {db} = await archived()
    const plain = (await runCli(['archive', 'search', 'message OR the OR a', '--limit', '3', '--db', db])).stdout.split('\n')
    const headed = (await runCli(['archive', 'search', 'message OR the OR a', '--limit', '3', '--header', '--db', db])).stdout.split('\n')
    expect(headed[0]).toBe('id\ttime\tchat id\tchat name\tsender\ttext\tattachments')
    expect(headed.slice(1)).toEqual(plain)
    expect(plain[0].split('\t')).toHaveLength(7)
  })
})

describe('--help names the TSV columns, in the order --header prints them, for every command', () => {
  const manifest = JSON.parse(readFileSync(new URL('../../oclif.manifest.json', import.meta.url), 'utf8')) as {
    commands: Record<string, {description?: string; flags: Record<string, {hidden?: boolean}>}>
  }
  /** A command's TSV COLUMNS paragraph: its first line, and the case lines under it. */
  const paragraph = (id: string) => /^TSV COLUMNS: .*(\n {2}.*)*/m.exec(manifest.commands[id].description ?? '')?.[0]
  /** The one list of names its --help gives, or, by case, the list given for `when`. */
  const named = (id: string, when?: string) => {
    const text = paragraph(id) ?? ''
    const line = when === undefined ? /: ([^:]*)\.$/.exec(text.split('\n')[0]) : new RegExp(`^ {2}${when}: (.*)\\.$`, 'm').exec(text)
    return line?.[1].split(', ')
  }

  /** How each command is run for --header (a sandbox's seeded account, an archive synced from one). */
  const FIXED: Record<string, string[]> = {
    'auth:status': ['auth', 'status'],
    'auth:logout': ['auth', 'logout'],
    'chats:list': ['chats', 'list'],
    'chats:show': ['chats', 'show', ALICE.id],
    'chats:delete': ['chats', 'delete', ALICE.id, '--dry-run'],
    'dm:list': ['dm', 'list', ALICE.id, '--limit', '2'],
    'dm:pins': ['dm', 'pins', ALICE.id],
    'dm:tail': ['dm', 'tail', ALICE.id, '--state', join(mkdtempSync(join(tmpdir(), 'groupme-output-contract-state-')), 'alice.json')],
    'dm:send': ['dm', 'send', ALICE.id, 'columns, please'],
    'dm:delete': ['dm', 'delete', ALICE.id, EXAMPLE_MESSAGE_ID, '--dry-run'],
    'dm:react': ['dm', 'react', ALICE.id, EXAMPLE_MESSAGE_ID, '--dry-run'],
    'dm:unreact': ['dm', 'unreact', ALICE.id, EXAMPLE_MESSAGE_ID, '--dry-run'],
    'dm:pin': ['dm', 'pin', ALICE.id, EXAMPLE_MESSAGE_ID, '--dry-run'],
    'dm:unpin': ['dm', 'unpin', ALICE.id, EXAMPLE_MESSAGE_ID, '--dry-run'],
    'blocks:list': ['blocks', 'list'],
    'blocks:add': ['blocks', 'add', CAROL.id, '--dry-run'],
    'blocks:remove': ['blocks', 'remove', CAROL.id, '--dry-run'],
    'receipt:send': ['receipt', 'send', ALICE.id],
  }
  /** Commands run on an archive, with DB for its path and OUT for a fresh folder. */
  const ON_ARCHIVE: Record<string, string[]> = {
    'archive:search': ['archive', 'search', 'message OR the', '--limit', '1'],
    'archive:export': ['archive', 'export', '--out', 'OUT'],
  }
  /** Commands whose columns depend on a flag: each case and how it is run. */
  const CASES: Record<string, Array<[when: string, args: string[]]>> = {
    'dm:purge': [
      ['with --dry-run, a message a line', ['dm', 'purge', ALICE.id, '--mine', '--dry-run']],
      ['otherwise, the summary', ['dm', 'purge', ALICE.id, '--mine', '--yes']],
    ],
    'archive:stats': STATS_GROUPS.map((group) => [`--by ${group}`, ['archive', 'stats', '--by', group]]),
  }
  /** Exceptions, with their reason. */
  const OTHER: Record<string, string> = {
    'archive:sql': "the columns are the query's own (tested below with a query that names them)",
    'auth:login': 'the same identity columns as auth status (identityColumns), compared below without logging in again',
  }

  test('every command in the manifest says what a pipe gets: its columns, its columns by case, or none and what instead', () => {
    for (const id of Object.keys(manifest.commands)) {
      const text = paragraph(id)
      expect({id, text}).toEqual({id, text: expect.stringMatching(/^TSV COLUMNS: /)})
      const kind = text!.startsWith('TSV COLUMNS: none; ') ? 'none' : id in CASES ? 'cases' : id in OTHER ? 'other' : 'fixed'
      if (kind === 'fixed') expect({id, runBelow: id in FIXED || id in ON_ARCHIVE}).toEqual({id, runBelow: true})
      if (kind === 'cases') expect({id, cases: text!.split('\n').length - 1}).toEqual({id, cases: CASES[id].length})
    }
  })

  test("a command with no columns refuses --header, and its --help does not list it (api's --header is its own: a request header)", () => {
    const none = Object.keys(manifest.commands).filter((id) => paragraph(id)?.startsWith('TSV COLUMNS: none; ') && id !== 'api')
    expect(none.length).toBeGreaterThan(0)
    for (const id of none) expect({id, hidden: manifest.commands[id].flags.header.hidden}).toEqual({id, hidden: true})
  })

  test.each(Object.entries(FIXED))('%s', async (id, args) => {
    const box = await sandboxWith()
    const headed = await runCli([...args, '--header'], {sandbox: box})
    expect({code: headed.code, stderr: headed.code === 0 ? '' : headed.stderr}).toEqual({code: 0, stderr: ''})
    expect(named(id)).toEqual(headed.stdout.split('\n')[0].split('\t'))
  })

  test.each(Object.entries(ON_ARCHIVE))('%s', async (id, args) => {
    const {db} = await archived()
    const out = mkdtempSync(join(tmpdir(), 'groupme-output-contract-out-'))
    const headed = await runCli([...args.map((arg) => (arg === 'OUT' ? out : arg)), '--header', '--db', db])
    expect(headed.code).toBe(0)
    expect(named(id)).toEqual(headed.stdout.split('\n')[0].split('\t'))
  })

  test.each(Object.entries(CASES))('%s, each case', async (id, cases) => {
    const {box, db} = await archived()
    for (const [when, args] of cases) {
      const headed = await runCli([...args, '--header', ...(args[0] === 'archive' ? ['--db', db] : [])], {sandbox: box})
      expect({when, code: headed.code}).toEqual({when, code: 0})
      expect({when, named: named(id, when)}).toEqual({when, named: headed.stdout.split('\n')[0].split('\t')})
    }
  })

  test("archive:sql: the query's columns, in its order", async () => {
    const {db} = await archived()
    const headed = await runCli(['archive', 'sql', 'SELECT text AS body, id FROM messages LIMIT 1', '--header', '--db', db])
    expect(headed.stdout.split('\n')[0]).toBe('body\tid')
    expect(paragraph('archive:sql')).toContain("the query's result columns")
  })

  test('auth:login: the identity columns auth status prints', () => {
    expect(named('auth:login')).toEqual(named('auth:status'))
  })
})
