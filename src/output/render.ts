import {stringifyJson} from '../base/json.js'
import {holdMemoryFlat} from '../base/memory.js'
import type {OutputMode} from './mode.js'
import {sanitizeLine, sanitizeText} from '../base/sanitize.js'
import {selectFields} from './fields.js'
import {writeChunk} from './stream.js'
import {dim} from './style.js'
import type {TableColumn, TablePrinter} from './table.js'
import {type TimeFormat, timeFormat} from './time.js'

export interface Column<T> extends TableColumn {
  /** The cell's raw text; the renderer sanitises it, so a column never has to. */
  value: (item: T, view: CellView) => string
}

/** What a cell's text may depend on besides its item: times, relative on a terminal and ISO 8601 elsewhere. */
export interface CellView {
  time: TimeFormat
}

/** The view for a mode: a table on a terminal says "about 2 hours ago", plain lines say `2026-10-20T09:45:00+02:00`. */
function cellView(mode: OutputMode): CellView {
  return {time: timeFormat({style: mode.format === 'table' ? 'relative' : 'iso', now: mode.now, timeZone: mode.timeZone})}
}

/** Where rendered output goes: data to stdout, notes to stderr. */
export interface OutputStreams {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
}

/** What a command returns: the base command renders it in the chosen mode. */
export interface CommandOutput {
  render(mode: OutputMode, streams: OutputStreams): Promise<void>
  /** Long output, shown through the pager when stdout is a terminal (IOStreams.startPager). */
  readonly paged?: boolean
}

export interface ListOptions<T> {
  /** Said on stderr when a terminal table would be empty. */
  empty?: string
  /** The service's object inside an item, for JSON modes, when items carry more than that. */
  raw?: (item: T) => unknown
  /**
   * Items read from a local file (the archive), not the service: `--json` writes the array as they
   * come, in the memory of a page, since no failure half-way is to be expected (without --jq,
   * which needs the whole value).
   */
  local?: boolean
}

/** Items as one array, or pages arriving over time (written as they arrive in plain and JSONL). */
export type Items<T> = readonly T[] | AsyncIterable<readonly T[]>

/**
 * A list. `--json` is one array, `--jsonl` one object a line written as pages arrive, a pipe gets
 * tab-separated lines and a terminal a table. JSON modes print items as the service sent them.
 */
export function list<T>(items: Items<T>, columns: Column<T>[], options: ListOptions<T> = {}): CommandOutput {
  const service = options.raw ?? ((item: T) => item)
  return {
    paged: true,
    async render(mode, {stdout, stderr}) {
      const raw = (item: T) => jsonValue(service(item), mode)
      const view = cellView(mode)
      const cells = (item: T) => columns.map((column) => sanitizeLine(column.value(item, view)))
      switch (mode.format) {
        case 'json': {
          if (options.local && !mode.jq) {
            await writeJsonArray(stdout, pages(items), raw)
            return
          }

          // Collected first: a failure half-way leaves stdout empty, never a cut-off array.
          const all: unknown[] = []
          for await (const page of pages(items)) all.push(...page.map(raw))
          await writeJson(stdout, all, mode)
          return
        }

        case 'jsonl': {
          await holdMemoryFlat()
          for await (const page of pages(items)) {
            if (mode.jq) {
              for (const item of page) await writeJson(stdout, raw(item), mode)
            } else {
              await writeChunk(stdout, page.map((item) => jsonText(raw(item), mode)).join(''))
            }
          }

          return
        }

        case 'plain': {
          await holdMemoryFlat()
          if (mode.header) await writeChunk(stdout, headers(columns, '\t') + '\n')
          // Forced colour (--color into a pipe) dims the secondary fields, as on a terminal.
          const line = mode.color ? (item: T) => cells(item).map((cell, index) => (columns[index].muted && cell ? dim(cell) : cell)).join('\t') : (item: T) => cells(item).join('\t')
          for await (const page of pages(items)) {
            await writeChunk(stdout, page.map((item) => line(item) + '\n').join(''))
          }

          return
        }

        case 'table': {
          // Widths are fixed from the first page, and every page is written as it arrives.
          let printer: TablePrinter | undefined
          for await (const page of pages(items)) {
            if (page.length === 0) continue
            const rows = page.map(cells)
            if (!printer) {
              printer = await tablePrinter(columns, rows, mode)
              await writeChunk(stdout, printer.header())
            }

            await writeChunk(stdout, printer.rows(rows))
          }

          if (!printer && options.empty) await writeChunk(stderr, options.empty + '\n')
        }
      }
    },
  }
}

/** For a command's --help: the tab-separated columns a pipe gets, in order (`--header` prints them first), or what they are when no list can say. */
export function tsvColumnsHelp(columns: readonly {header: string}[] | string): string {
  return `${TSV_INTRO}: ${typeof columns === 'string' ? columns : headers(columns)}.`
}

/** For the --help of a command whose columns depend on how it is run: the columns of each case, one case a line. */
export function tsvColumnsCasesHelp(cases: ReadonlyArray<readonly [when: string, columns: readonly {header: string}[]]>): string {
  return `${TSV_INTRO}, by case:\n${cases.map(([when, columns]) => `  ${when}: ${headers(columns)}.`).join('\n')}`
}

/** For the --help of a command that prints no tab-separated lines: what a pipe gets instead. */
export function noTsvHelp(instead: string): string {
  return `TSV COLUMNS: none; ${instead}.`
}

const TSV_INTRO = 'TSV COLUMNS: in a pipe, one line each, tab-separated, in this order (--header prints the names first)'

/** The columns' names in order: for --help (`, `) and for --header's line (a tab). */
const headers = (columns: readonly {header: string}[], separator = ', ') => columns.map((column) => column.header).join(separator)

/** One object. `--json` prints it as the service sent it; a terminal gets a two-column table. */
export function record<T>(item: T, columns: Column<T>[], options: Pick<ListOptions<T>, 'raw'> = {}): CommandOutput {
  const service = options.raw ? options.raw(item) : item
  return {
    async render(mode, {stdout}) {
      const raw = jsonValue(service, mode)
      const view = cellView(mode)
      const values = columns.map((column) => sanitizeLine(column.value(item, view)))
      switch (mode.format) {
        case 'json':
        case 'jsonl': {
          await writeJson(stdout, raw, mode)
          return
        }

        case 'plain': {
          if (mode.header) await writeChunk(stdout, headers(columns, '\t') + '\n')
          await writeChunk(stdout, values.join('\t') + '\n')
          return
        }

        case 'table': {
          const {recordLines} = await import('./table.js')
          await writeChunk(stdout, recordLines(columns, values, mode))
        }
      }
    },
  }
}

/** The service's object, or with `--json FIELDS` only those fields. */
function jsonValue(value: unknown, mode: OutputMode): unknown {
  return mode.fields ? selectFields(value, mode.fields) : value
}

/**
 * One JSON output: indented with --json, one line with --jsonl, or with --jq what the program
 * prints, written as it prints it (src/output/jq.ts).
 */
async function writeJson(stdout: NodeJS.WritableStream, value: unknown, mode: OutputMode): Promise<void> {
  if (!mode.jq) return writeChunk(stdout, jsonText(value, mode))
  // As gh: what jq prints is indented on a terminal only.
  const terminal = mode.width !== undefined
  // jq -r prints service text raw, as jq does; on a terminal it is made safe first.
  await mode.jq(value, {compact: mode.format === 'jsonl' || !terminal}, (text) => writeChunk(stdout, terminal ? sanitizeText(text) : text))
}

/** One JSON output without --jq: indented with --json, one line with --jsonl. Numbers the service sent bare keep every digit (stringifyJson). */
function jsonText(value: unknown, mode: OutputMode): string {
  return stringifyJson(value, mode.format === 'jsonl' ? undefined : 2) + '\n'
}

/** The array `stringifyJson(items, 2)` would make, written a page at a time. */
async function writeJsonArray<T>(stdout: NodeJS.WritableStream, items: AsyncIterable<readonly T[]>, raw: (item: T) => unknown): Promise<void> {
  await holdMemoryFlat()
  let opened = false
  for await (const page of items) {
    if (page.length === 0) continue
    const text = page.map((item) => '  ' + stringifyJson(raw(item), 2).replaceAll('\n', '\n  ')).join(',\n')
    await writeChunk(stdout, (opened ? ',\n' : '[\n') + text)
    opened = true
  }

  await writeChunk(stdout, opened ? '\n]\n' : '[]\n')
}

/**
 * Batches that arrive over time (`dm tail --follow`): on a terminal one table that grows, its
 * header and widths set by the first batch, each new item one line, nothing redrawn. Other modes
 * print each batch as list() does.
 */
export function feed<T>(columns: Column<T>[], options: ListOptions<T> = {}): (batch: readonly T[]) => CommandOutput {
  let printer: TablePrinter | undefined
  return (batch) => ({
    async render(mode, streams) {
      if (mode.format !== 'table') return list(batch, columns, options).render(mode, streams)
      if (batch.length === 0) {
        if (!printer && options.empty) await writeChunk(streams.stderr, options.empty + '\n')
        return
      }

      const view = cellView(mode)
      const rows = batch.map((item) => columns.map((column) => sanitizeLine(column.value(item, view))))
      if (!printer) {
        printer = await tablePrinter(columns, rows, mode)
        await writeChunk(streams.stdout, printer.header())
      }

      await writeChunk(streams.stdout, printer.rows(rows))
    },
  })
}

/** The table printer, loaded on the terminal path only (it brings string-width; src/output/width.ts). */
async function tablePrinter(columns: TableColumn[], sample: string[][], mode: OutputMode): Promise<TablePrinter> {
  const {TablePrinter} = await import('./table.js')
  return new TablePrinter(columns, sample, mode)
}

async function* pages<T>(items: Items<T>): AsyncIterable<readonly T[]> {
  if (isAsyncIterable(items)) {
    yield* items
  } else {
    yield items
  }
}

function isAsyncIterable<T>(items: Items<T>): items is AsyncIterable<readonly T[]> {
  return Symbol.asyncIterator in items
}

/** A JSON document printed whole in every mode (a dry run's request body): never cut to fit a table. */
export function document(value: unknown): CommandOutput {
  return {
    async render(mode, {stdout}) {
      const compact = mode.format === 'jsonl' || mode.format === 'plain'
      await writeChunk(stdout, stringifyJson(value, compact ? undefined : 2) + '\n')
    },
  }
}

/** Lines of the CLI's own making (not the service's), printed as they are in every mode. */
export function lines(texts: string[]): CommandOutput {
  return {
    async render(_mode, {stdout}) {
      await writeChunk(stdout, texts.map((text) => text + '\n').join(''))
    },
  }
}

/** Lines of the CLI's own making, or with --json or --jsonl `value` as a document (archive html's report, the sandbox's settings). */
export function linesOrDocument(texts: string[], value: unknown): CommandOutput {
  const text = lines(texts)
  const json = document(value)
  return {
    render: (mode, streams) => (mode.format === 'json' || mode.format === 'jsonl' ? json : text).render(mode, streams),
  }
}

/** An answer to a yes/no question: a line of words on a terminal or in a pipe, the bare value with --json or --jsonl. */
export function verdict(text: string, value: boolean): CommandOutput {
  return {
    async render(mode, {stdout}) {
      const json = mode.format === 'json' || mode.format === 'jsonl'
      await writeChunk(stdout, `${json ? String(value) : text}\n`)
    },
  }
}
