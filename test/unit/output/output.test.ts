import {describe, expect, test} from '@jest/globals'

import type {Message} from '../../../src/api/api.js'
import {messageColumns} from '../../../src/lib/dm/columns.js'
import {readSettings} from '../../../src/core/settings.js'
import {chooseMode, colorAllowed, type OutputMode} from '../../../src/output/mode.js'
import {type Column, list, record} from '../../../src/output/render.js'
import {sinks} from '../helpers/streams.js'

const ESC = '\x1b'
const TTY = {isTTY: true, columns: 120}
const PIPE = {isTTY: false}
const CLEAN_ENV: NodeJS.ProcessEnv = {TERM: 'xterm-256color'}

interface Row {
  id: string
  name: string
  text: string | null
  /** What JSON modes should print when `raw` is used. */
  inner: {id: string; nested: {ok: boolean}}
}

const columns: Column<Row>[] = [
  {header: 'id', value: (row) => row.id},
  {header: 'name', value: (row) => row.name},
  {header: 'text', value: (row) => row.text ?? '', flex: true},
]

function row(id: string, name: string, text: string | null): Row {
  return {id, name, text, inner: {id, nested: {ok: true}}}
}

const rows: Row[] = [row('171234567890123456', 'Alice', 'hello'), row('171234567890123457', 'Bob', 'hi there')]

const NOW = Date.UTC(2026, 9, 20, 12, 0, 0)

function mode(format: OutputMode['format'], extra: Partial<OutputMode> = {}): OutputMode {
  return {format, color: false, now: NOW, timeZone: 'UTC', ...extra}
}

/** Pages over time; `between` runs before each page after the first, so a test can look at what was written so far. */
async function* paged<T>(pages: T[][], between?: (index: number) => void): AsyncGenerator<T[]> {
  for (const [index, page] of pages.entries()) {
    if (index > 0) between?.(index)
    await Promise.resolve()
    yield page
  }
}

describe('chooseMode', () => {
  test('a terminal gets a table, with its width', () => {
    expect(chooseMode({}, TTY, readSettings(CLEAN_ENV), NOW)).toEqual({format: 'table', color: true, width: 120, now: NOW, timeZone: undefined})
  })

  test('a pipe gets plain lines, no colour and no width', () => {
    expect(chooseMode({}, PIPE, readSettings(CLEAN_ENV), NOW)).toEqual({format: 'plain', color: false, width: undefined, now: NOW, timeZone: undefined})
    expect(chooseMode({}, {}, readSettings(CLEAN_ENV), NOW).format).toBe('plain')
  })

  test('--json and --jsonl win over the terminal', () => {
    expect(chooseMode({json: true}, TTY, readSettings(CLEAN_ENV), NOW).format).toBe('json')
    expect(chooseMode({json: true}, PIPE, readSettings(CLEAN_ENV), NOW).format).toBe('json')
    expect(chooseMode({jsonl: true}, TTY, readSettings(CLEAN_ENV), NOW).format).toBe('jsonl')
    expect(chooseMode({jsonl: true}, PIPE, readSettings(CLEAN_ENV), NOW).format).toBe('jsonl')
  })

  test.each([
    ['NO_COLOR=1', {}, {...CLEAN_ENV, NO_COLOR: '1'}],
    ['NO_COLOR=anything', {}, {...CLEAN_ENV, NO_COLOR: 'yes'}],
    ['TERM=dumb', {}, {TERM: 'dumb'}],
    ['--no-color', {color: false}, CLEAN_ENV],
  ])('colour is off on a terminal under %s', (_name, choice, env) => {
    const chosen = chooseMode(choice, TTY, readSettings(env), NOW)
    expect(chosen.color).toBe(false)
    expect(chosen.format).toBe('table')
  })

  test('an empty NO_COLOR does not switch colour off', () => {
    expect(chooseMode({}, TTY, readSettings({...CLEAN_ENV, NO_COLOR: ''}), NOW).color).toBe(true)
  })

  test('colour is off when not a terminal', () => {
    expect(chooseMode({}, PIPE, readSettings(CLEAN_ENV), NOW).color).toBe(false)
    expect(colorAllowed(undefined, false, readSettings(CLEAN_ENV))).toBe(false)
  })

  test('FORCE_COLOR=0 turns colour off on a terminal; NO_COLOR beats FORCE_COLOR', () => {
    expect(colorAllowed(undefined, true, readSettings({...CLEAN_ENV, FORCE_COLOR: '0'}))).toBe(false)
    expect(colorAllowed(undefined, true, readSettings({TERM: 'dumb', FORCE_COLOR: '1'}))).toBe(true)
    expect(colorAllowed(undefined, true, readSettings({FORCE_COLOR: '1', NO_COLOR: '1'}))).toBe(false)
    expect(colorAllowed(false, true, readSettings({FORCE_COLOR: '1'}))).toBe(false)
  })

  test('--color wins over NO_COLOR (no-color.org: a command-line argument overrides it) and forces colour into a pipe', () => {
    expect(colorAllowed(true, true, readSettings({NO_COLOR: '1'}))).toBe(true)
    expect(colorAllowed(true, false, readSettings(CLEAN_ENV))).toBe(true)
    expect(chooseMode({color: true}, PIPE, readSettings(CLEAN_ENV), NOW)).toMatchObject({format: 'plain', color: true})
  })

  test('FORCE_COLOR or CLICOLOR_FORCE force colour into a pipe; CLICOLOR=0 turns it off on a terminal unless forced', () => {
    expect(colorAllowed(undefined, false, readSettings({FORCE_COLOR: '1'}))).toBe(true)
    expect(colorAllowed(undefined, false, readSettings({CLICOLOR_FORCE: '1'}))).toBe(true)
    expect(colorAllowed(undefined, false, readSettings({CLICOLOR_FORCE: '0'}))).toBe(false)
    expect(colorAllowed(undefined, true, readSettings({...CLEAN_ENV, CLICOLOR: '0'}))).toBe(false)
    expect(colorAllowed(undefined, true, readSettings({...CLEAN_ENV, CLICOLOR: '0', CLICOLOR_FORCE: '1'}))).toBe(true)
    expect(colorAllowed(undefined, true, readSettings({...CLEAN_ENV, CLICOLOR: '1'}))).toBe(true)
  })

  test('forced colour in a pipe dims the secondary fields of plain lines, and nothing else changes', async () => {
    const out = sinks()
    const muted: Column<Row>[] = [{...columns[0], muted: true}, columns[1], columns[2]]
    await list(rows.slice(0, 1), muted).render(mode('plain', {color: true}), out)
    expect(out.stdout.text).toBe(`${ESC}[2m171234567890123456${ESC}[22m\tAlice\thello\n`)
  })
})

describe('list() as JSON', () => {
  test('is one valid JSON array of the items', async () => {
    const out = sinks()
    await list(rows, columns).render(mode('json'), out)
    expect(JSON.parse(out.stdout.text)).toEqual(rows)
    expect(out.stdout.text.endsWith('\n')).toBe(true)
    expect(out.stderr.text).toBe('')
  })

  test('an empty list is []', async () => {
    const out = sinks()
    await list([], columns, {empty: 'No rows.'}).render(mode('json'), out)
    expect(JSON.parse(out.stdout.text)).toEqual([])
    expect(out.stderr.text).toBe('')
  })

  test('collects every page of an async iterable into one array', async () => {
    const out = sinks()
    await list(paged([[rows[0]], [], [rows[1]]]), columns).render(mode('json'), out)
    expect(JSON.parse(out.stdout.text)).toEqual(rows)
  })

  test('prints text exactly as the service sent it, escapes and all', async () => {
    const out = sinks()
    const hostile = row('1', 'Eve', 'line 1\nline 2\x1b[2J')
    await list([hostile], columns).render(mode('json'), out)
    expect(JSON.parse(out.stdout.text)[0].text).toBe('line 1\nline 2\x1b[2J')
    // JSON.stringify escapes control characters, so no raw ESC reaches the terminal.
    expect(out.stdout.text).not.toContain(ESC)
  })

  test('the raw option prints the inner object', async () => {
    const out = sinks()
    await list(rows, columns, {raw: (item) => item.inner}).render(mode('json'), out)
    expect(JSON.parse(out.stdout.text)).toEqual(rows.map((item) => item.inner))
  })
})

describe('list() as JSONL', () => {
  test('one JSON object a line', async () => {
    const out = sinks()
    await list(rows, columns).render(mode('jsonl'), out)
    const lines = out.stdout.text.split('\n')
    expect(lines.at(-1)).toBe('')
    expect(lines.slice(0, -1).map((line) => JSON.parse(line))).toEqual(rows)
  })

  test('each page is written as it arrives', async () => {
    const out = sinks()
    const seen: string[] = []
    const items = paged([[rows[0]], [rows[1]]], () => seen.push(out.stdout.text))
    await list(items, columns).render(mode('jsonl'), out)
    // Before the second page was produced, the first was already on stdout.
    expect(seen).toHaveLength(1)
    expect(JSON.parse(seen[0])).toEqual(rows[0])
    expect(out.stdout.text.trim().split('\n').map((line) => JSON.parse(line))).toEqual(rows)
  })

  test('the raw option prints the inner object', async () => {
    const out = sinks()
    await list(rows, columns, {raw: (item) => item.inner}).render(mode('jsonl'), out)
    expect(out.stdout.text.trim().split('\n').map((line) => JSON.parse(line))).toEqual(rows.map((item) => item.inner))
  })

  test('an empty list writes nothing', async () => {
    const out = sinks()
    await list([], columns, {empty: 'No rows.'}).render(mode('jsonl'), out)
    expect(out.stdout.text).toBe('')
    expect(out.stderr.text).toBe('')
  })
})

describe('list() as plain lines', () => {
  test('tab-separated, no header, one line per item', async () => {
    const out = sinks()
    await list(rows, columns).render(mode('plain'), out)
    expect(out.stdout.text).toBe('171234567890123456\tAlice\thello\n171234567890123457\tBob\thi there\n')
  })

  test('cells are sanitised: a hostile text stays on one line, without ESC or a stray tab', async () => {
    const out = sinks()
    const hostile = row('42', 'Eve\x1b]0;pwned\x07', 'first\nsecond\x1b[31m red\ttab\r')
    await list([hostile, rows[0]], columns).render(mode('plain'), out)
    const lines = out.stdout.text.split('\n')
    expect(lines).toHaveLength(3)
    expect(out.stdout.text).not.toContain(ESC)
    expect(lines[0].split('\t')).toEqual(['42', 'Eve', 'first\\nsecond red\\ttab\\r'])
    expect(lines[1].split('\t')).toEqual(['171234567890123456', 'Alice', 'hello'])
  })

  test('null text gives an empty cell', async () => {
    const out = sinks()
    await list([row('7', 'Img', null)], columns).render(mode('plain'), out)
    expect(out.stdout.text).toBe('7\tImg\t\n')
  })

  test('each page is written as it arrives', async () => {
    const out = sinks()
    const seen: string[] = []
    await list(paged([[rows[0]], [rows[1]]], () => seen.push(out.stdout.text)), columns).render(mode('plain'), out)
    expect(seen).toEqual(['171234567890123456\tAlice\thello\n'])
    expect(out.stdout.text.split('\n')).toHaveLength(3)
  })

  test('an empty list writes nothing, not even the empty note', async () => {
    const out = sinks()
    await list([], columns, {empty: 'No rows.'}).render(mode('plain'), out)
    expect(out.stdout.text).toBe('')
    expect(out.stderr.text).toBe('')
  })
})

describe('list() as a table', () => {
  test('has the headers and the values, and no ANSI codes when colour is off', async () => {
    const out = sinks()
    await list(rows, columns).render(mode('table'), out)
    const text = out.stdout.text
    // Headers in upper case, as gh's.
    expect(text.split('\n')[0]).toBe('ID                  NAME   TEXT')
    for (const value of ['171234567890123456', 'Alice', 'hello', 'Bob', 'hi there']) expect(text).toContain(value)
    expect(text).not.toContain(ESC)
    // Header line first, then the rows in order.
    expect(text.indexOf('NAME')).toBeLessThan(text.indexOf('Alice'))
    expect(text.indexOf('Alice')).toBeLessThan(text.indexOf('Bob'))
  })

  test('colour on puts ANSI codes in the headers', async () => {
    const out = sinks()
    await list(rows, columns).render(mode('table', {color: true}), out)
    expect(out.stdout.text).toContain(ESC)
  })

  test('hostile cells are sanitised even with colour on', async () => {
    const out = sinks()
    const hostile = row('42', 'Eve', 'first\nsecond\x1b[2J\x1b]0;pwned\x07 end')
    await list([hostile], columns).render(mode('table'), out)
    expect(out.stdout.text).not.toContain(ESC)
    expect(out.stdout.text).not.toContain('pwned')
    const line = out.stdout.text.split('\n').find((candidate) => candidate.includes('first'))
    expect(line).toContain('first\\nsecond end')
  })

  test('the flex column is cut so every line fits the terminal width', async () => {
    const out = sinks()
    const long = row('171234567890123458', 'Carol', 'word '.repeat(80).trim())
    await list([...rows, long], columns).render(mode('table', {width: 60}), out)
    const lines = out.stdout.text.trimEnd().split('\n')
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(60)
    expect(out.stdout.text).toContain('…')
    expect(out.stdout.text).toContain('171234567890123458')
  })

  test('the flex column fits the terminal when the text is made of wide (CJK) characters', async () => {
    const out = sinks()
    await list([row('1', 'Li', '漢字'.repeat(80))], columns).render(mode('table', {width: 60}), out)
    const line = out.stdout.text.split('\n')[1]
    // ID (2) + 2 + NAME (4) + 2 leave 50 columns: 24 wide characters (48) and the ellipsis; a 25th would not fit.
    expect(line).toBe('1   Li    ' + '漢字'.repeat(12) + '…')
  })

  test('an empty list prints the note on stderr and nothing on stdout', async () => {
    const out = sinks()
    await list(paged<Row>([[], []]), columns, {empty: 'No messages.'}).render(mode('table'), out)
    expect(out.stdout.text).toBe('')
    expect(out.stderr.text).toBe('No messages.\n')
  })

  test('renders real message columns with a system sender and a deleted message', async () => {
    const messages: Message[] = [
      {id: '171234567890123456', created_at: 1700000000, text: 'hello', name: 'Alice', attachments: [{type: 'image', url: 'x'}]},
      {id: '171234567890123457', created_at: 1700000001, text: 'Message deleted', name: 'GroupMe', sender_type: 'system'},
      {id: '171234567890123458', created_at: 1700000002, text: 'This message was deleted', name: 'Bob', deleted_at: 1700000003},
    ]
    const out = sinks()
    await list(messages, messageColumns).render(mode('plain'), out)
    const lines = out.stdout.text.trimEnd().split('\n').map((line) => line.split('\t'))
    expect(lines[0]).toEqual(['171234567890123456', '2023-11-14T22:13:20+00:00', 'Alice', 'hello', 'image'])
    expect(lines[1][2]).toBe('[system] GroupMe')
    expect(lines[2][3]).toBe('[deleted] This message was deleted')
  })
})

describe('record()', () => {
  const item = row('171234567890123456', 'Alice', 'multi\nline\x1b[31m')

  test('JSON prints the object, pretty', async () => {
    const out = sinks()
    await record(item, columns).render(mode('json'), out)
    expect(JSON.parse(out.stdout.text)).toEqual(item)
    expect(out.stdout.text.split('\n').length).toBeGreaterThan(2)
  })

  test('JSONL prints the object on one line', async () => {
    const out = sinks()
    await record(item, columns).render(mode('jsonl'), out)
    expect(out.stdout.text.endsWith('\n')).toBe(true)
    expect(out.stdout.text.trimEnd()).not.toContain('\n')
    expect(JSON.parse(out.stdout.text)).toEqual(item)
  })

  test('the raw option prints the inner object in both JSON modes', async () => {
    for (const format of ['json', 'jsonl'] as const) {
      const out = sinks()
      await record(item, columns, {raw: (value) => value.inner}).render(mode(format), out)
      expect(JSON.parse(out.stdout.text)).toEqual(item.inner)
    }
  })

  test('plain is one sanitised tab-separated line', async () => {
    const out = sinks()
    await record(item, columns).render(mode('plain'), out)
    expect(out.stdout.text).toBe('171234567890123456\tAlice\tmulti\\nline\n')
  })

  test('a table shows each header beside its value, without ANSI codes when colour is off', async () => {
    const out = sinks()
    await record(item, columns).render(mode('table'), out)
    const text = out.stdout.text
    expect(text).not.toContain(ESC)
    const nameLine = text.split('\n').find((line) => line.includes('name'))
    expect(nameLine).toContain('Alice')
    const textLine = text.split('\n').find((line) => line.includes('multi'))
    expect(textLine).toContain('multi\\nline')
  })

  test('a table fits the terminal width', async () => {
    const out = sinks()
    await record(row('1', 'Alice', 'x'.repeat(300)), columns).render(mode('table', {width: 50}), out)
    for (const line of out.stdout.text.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(50)
    expect(out.stdout.text).toContain('…')
  })
})
