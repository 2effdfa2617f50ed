import {describe, expect, test} from '@jest/globals'

import type {Message} from '../../../src/api/api.js'
import {identityColumns} from '../../../src/lib/auth/columns.js'
import {messageColumns} from '../../../src/lib/dm/columns.js'
import type {OutputMode} from '../../../src/output/mode.js'
import {feed, list, record} from '../../../src/output/render.js'
import {layout, type TableColumn, TablePrinter} from '../../../src/output/table.js'
import {fitWidth, padWidth, textWidth} from '../../../src/output/width.js'
import {sinks} from '../helpers/streams.js'

const NOW = Date.UTC(2026, 9, 20, 12, 0, 0)
const FAMILY = '👩‍👩‍👧‍👦'

function terminal(width: number, extra: Partial<OutputMode> = {}): OutputMode {
  return {format: 'table', color: false, width, now: NOW, timeZone: 'UTC', ...extra}
}

function message(id: string, text: string, extra: Partial<Message> = {}): Message {
  return {id, created_at: NOW / 1000 - 7200, text, name: 'Alice Example', attachments: [], ...extra}
}

/** Lines of a rendered table, without the final newline. */
function linesOf(text: string): string[] {
  return text.replace(/\n$/, '').split('\n')
}

describe('textWidth: terminal columns over grapheme clusters', () => {
  test.each([
    ['hello', 5],
    ['☕', 2],
    ['🚀', 2],
    ['日本語', 6],
    [FAMILY, 2],
    ['🇯🇵', 2],
    ['👍🏽', 2],
    ['e\u0301', 1],
    ['❤️', 2],
    ['', 0],
    [`日本語 ${FAMILY}`, 9],
  ])('%p takes %p columns', (text, width) => {
    expect(textWidth(text)).toBe(width)
  })
})

describe('fitWidth: cut only between clusters', () => {
  test('text that fits is unchanged, however many code units it has', () => {
    expect(fitWidth(`日本語 ${FAMILY}`, 9)).toBe(`日本語 ${FAMILY}`)
    expect(fitWidth('abc', 3)).toBe('abc')
  })

  test('a ZWJ family, a flag and an accented letter are never split', () => {
    expect(fitWidth(`ab${FAMILY}cd`, 4)).toBe('ab…')
    expect(fitWidth(`ab${FAMILY}cd`, 5)).toBe(`ab${FAMILY}…`)
    expect(fitWidth('🇯🇵🇫🇷🇩🇪', 5)).toBe('🇯🇵🇫🇷…')
    expect(fitWidth('cafe\u0301 au lait', 5)).toBe('cafe\u0301…')
  })

  test('a wide character that would straddle the edge is left out', () => {
    expect(fitWidth('日本語', 4)).toBe('日…')
    expect(textWidth(fitWidth('日本語', 4))).toBe(3)
  })

  test("keep 'end' keeps the last characters", () => {
    expect(fitWidth('************abcd', 8, 'end')).toBe('…***abcd')
  })

  test('tiny widths', () => {
    expect(fitWidth('hello', 1)).toBe('…')
    expect(fitWidth('hello', 0)).toBe('')
    expect(fitWidth('hello', -2)).toBe('')
  })

  test('padWidth pads by columns, on either side', () => {
    expect(padWidth('日本', 6)).toBe('日本  ')
    expect(padWidth('42', 5, 'right')).toBe('   42')
    expect(padWidth('toolong', 3)).toBe('toolong')
  })
})

describe('a message table on a 120-column terminal', () => {
  test('rows of ☕ and 🚀 stay within 120 columns', async () => {
    const messages = [message('1', '☕'.repeat(100)), message('2', '🚀 launch '.repeat(30)), message('3', 'plain')]
    const out = sinks()
    await list(messages, messageColumns).render(terminal(120), out)
    const lines = linesOf(out.stdout.text)
    expect(lines).toHaveLength(4)
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(120)
    expect(lines[1]).toContain('☕☕…')
  })

  test('日本語 👩‍👩‍👧‍👦 is shown whole when the columns are free', async () => {
    const out = sinks()
    await list([message('1', `日本語 ${FAMILY}`)], messageColumns).render(terminal(120), out)
    expect(linesOf(out.stdout.text)[1]).toContain(`日本語 ${FAMILY}`)
    expect(out.stdout.text).not.toContain('…')
  })
})

describe('narrow terminals: columns go in their declared order instead of wrapping', () => {
  const messages = [message('179349116300020041', 'Bench message 20000 of 20000', {attachments: [{type: 'image'}]})]

  test.each([
    [120, ['ID', 'TIME', 'FROM', 'TEXT', 'ATTACHMENTS']],
    [80, ['ID', 'TIME', 'FROM', 'TEXT']],
    [60, ['TIME', 'FROM', 'TEXT']],
    [40, ['FROM', 'TEXT']],
  ])('at %p columns the headers are %p, and no line is wider', async (width, headers) => {
    const out = sinks()
    await list(messages, messageColumns).render(terminal(width), out)
    const lines = linesOf(out.stdout.text)
    expect(lines[0].split(/\s+/).filter(Boolean).join(',').replace('ATTACHMENTS', 'ATTACHMENTS')).toBe(headers.join(','))
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(width)
  })

  test('a column without a drop order stays even when nothing fits', () => {
    const columns: TableColumn[] = [{header: 'a'}, {header: 'b', dropOrder: 1}]
    expect(layout(columns, [['x'.repeat(30), 'y']], 10).shown).toEqual([0])
  })

  test('auth status at 50 columns keeps the end of the masked token', async () => {
    const identity = {user: {id: '93645911', name: 'Sandbox Me'}, tokenSource: 'the GROUPME_TOKEN environment variable', maskedToken: '*'.repeat(60) + 'f00d'}
    const out = sinks()
    await record(identity, identityColumns).render(terminal(50), out)
    const lines = linesOf(out.stdout.text)
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(50)
    const token = lines.find((line) => line.startsWith('token '))!
    expect(token).toMatch(/^token {7}…\*+f00d$/)
  })
})

describe('alignment', () => {
  test('numbers are right-aligned, text left-aligned, the last column not padded', () => {
    const columns: TableColumn[] = [{header: 'name'}, {header: 'count', align: 'right'}, {header: 'note'}]
    const printer = new TablePrinter(columns, [['Alice', '7', 'x'], ['Bob', '1234', 'yy']], {color: false, width: 80})
    expect(printer.header() + printer.rows([['Alice', '7', 'x'], ['Bob', '1234', 'yy']])).toBe(
      'NAME   COUNT  NOTE\n' + 'Alice      7  x\n' + 'Bob     1234  yy\n',
    )
  })

  test('with colour the header is bold and muted cells dim; widths are counted without the escapes', () => {
    const columns: TableColumn[] = [{header: 'id', muted: true}, {header: 'text'}]
    const printer = new TablePrinter(columns, [['1', 'hi']], {color: true, width: 80})
    expect(printer.header()).toBe('\u001b[1mID\u001b[22m  \u001b[1mTEXT\u001b[22m\n')
    expect(printer.rows([['1', 'hi']])).toBe('\u001b[2m1\u001b[22m   hi\n')
  })
})

describe('streaming', () => {
  test('each page is written as it arrives, under the header the first page set', async () => {
    const out = sinks()
    const seen: string[] = []
    async function* pages(): AsyncGenerator<Message[]> {
      yield [message('1', 'first')]
      seen.push(out.stdout.text)
      yield [message('2', 'a later page with a far longer text than the first had')]
    }

    await list(pages(), messageColumns).render(terminal(120), out)
    expect(linesOf(seen[0])).toHaveLength(2)
    const lines = linesOf(out.stdout.text)
    expect(lines).toHaveLength(3)
    expect(lines[0].startsWith('ID')).toBe(true)
    // The text column took the room the terminal had, so the later, longer text is whole.
    expect(lines[2]).toContain('a later page with a far longer text than the first had')
  })

  test('a later cell wider than its column is cut, not allowed to widen the table', async () => {
    const out = sinks()
    async function* pages(): AsyncGenerator<Message[]> {
      yield [message('1', 'x')]
      yield [message('2', 'y', {name: 'Someone With A Much Longer Name'})]
    }

    await list(pages(), messageColumns).render(terminal(100), out)
    const lines = linesOf(out.stdout.text)
    // FROM is as wide as the first page's 'Alice Example' (13 columns).
    expect(lines[2]).toContain('Someone With…  y')
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(100)
  })
})

describe('feed (dm tail --follow on a terminal)', () => {
  test('a header once, then one line a message for every batch; nothing redrawn', async () => {
    const out = sinks()
    const batch = feed(messageColumns, {empty: 'No new messages.'})
    await batch([]).render(terminal(100), out)
    await batch([message('1', 'one')]).render(terminal(100), out)
    await batch([message('2', 'two'), message('3', 'three')]).render(terminal(100), out)
    const lines = linesOf(out.stdout.text)
    expect(lines).toHaveLength(4)
    expect(lines[0].startsWith('ID')).toBe(true)
    expect(lines.slice(1).map((line) => line.split(/\s{2,}/)[3])).toEqual(['one', 'two', 'three'])
    expect(out.stdout.text).not.toMatch(/[│┌─]/)
    expect(out.stderr.text).toBe('No new messages.\n')
  })

  test('in a pipe each batch is plain lines, as list() prints them', async () => {
    const out = sinks()
    const batch = feed(messageColumns)
    await batch([message('1', 'one')]).render({format: 'plain', color: false, now: NOW, timeZone: 'UTC'}, out)
    expect(out.stdout.text).toBe('1\t2026-10-20T10:00:00+00:00\tAlice Example\tone\t\n')
  })
})
