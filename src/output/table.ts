import {displayWidth, truncate} from './sanitize.js'

export interface TableColumn {
  header: string
  /** The one column that gives up width when the terminal is narrow. */
  flex?: boolean
}

/** cli-table3 draws borders with 3 characters between cells and 2 at the edges. */
const BORDER_PER_COLUMN = 3

/**
 * A bordered table for a terminal. cli-table3 and chalk load here only, not at start-up, and
 * cli-table3's own colours are off unless colour is wanted.
 */
export async function renderTable(
  columns: TableColumn[],
  rows: string[][],
  options: {color: boolean; width?: number},
): Promise<string> {
  const [{default: Table}, {Chalk}] = await Promise.all([import('cli-table3'), import('chalk')])
  const chalk = new Chalk({level: options.color ? 1 : 0})
  const fitted = fitFlexColumn(columns, rows, options.width)
  const table = new Table({
    head: columns.map((column) => chalk.bold(column.header)),
    style: {head: [], border: [], compact: true},
  })
  table.push(...fitted)
  return table.toString() + '\n'
}

/** A vertical table of one record: a header column and a value column. */
export async function renderRecordTable(
  columns: TableColumn[],
  values: string[],
  options: {color: boolean; width?: number},
): Promise<string> {
  const [{default: Table}, {Chalk}] = await Promise.all([import('cli-table3'), import('chalk')])
  const chalk = new Chalk({level: options.color ? 1 : 0})
  const headerWidth = Math.max(...columns.map((column) => column.header.length))
  const valueWidth = options.width ? Math.max(10, options.width - headerWidth - 2 * BORDER_PER_COLUMN - 1) : undefined
  const table = new Table({style: {head: [], border: []}})
  for (const [index, column] of columns.entries()) {
    const value = valueWidth === undefined ? values[index] : truncate(values[index], valueWidth)
    table.push({[chalk.bold(column.header)]: value})
  }

  return table.toString() + '\n'
}

/** Cut the flex column so the table fits the terminal; other columns keep their full text. */
function fitFlexColumn(columns: TableColumn[], rows: string[][], width: number | undefined): string[][] {
  const flexIndex = columns.findIndex((column) => column.flex)
  if (width === undefined || flexIndex === -1) return rows
  const widest = (index: number) =>
    Math.max(columns[index].header.length, ...rows.map((row) => displayWidth(row[index])))
  const fixed = columns.reduce((sum, _column, index) => (index === flexIndex ? sum : sum + widest(index)), 0)
  const available = width - fixed - columns.length * BORDER_PER_COLUMN - 1
  const flexWidth = Math.max(columns[flexIndex].header.length, available, 10)
  return rows.map((row) => row.map((cell, index) => (index === flexIndex ? truncate(cell, flexWidth) : cell)))
}
