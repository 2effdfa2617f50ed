/**
 * A statement's rows read as they are printed, so a reader's memory is that of a page however
 * many rows there are (bench M4). The first row is read at once: a bad statement fails before
 * anything is printed, while its error can still be told as bad input.
 */
import type {Row, SqlValue, Statement} from './sqlite.js'

/** Rows handed to the printer at a time: each page is written before the next is read. */
const PAGE_ROWS = 500

export interface Rows<T> {
  first: IteratorResult<T>
  rest: Iterator<T>
}

/** Run `statement` and read its first row, each row made into a T by `shape`. */
export function startRows<T>(statement: Statement, params: SqlValue[], shape: (row: Row) => T): Rows<T> {
  const rows = statement.iterate(...params)
  const rest: Iterator<T> = {
    next() {
      const next = rows.next()
      return next.done ? next : {value: shape(next.value)}
    },
  }
  return {first: rest.next(), rest}
}

/** The rows in pages of PAGE_ROWS, each read when the one before it has been printed. */
export async function* rowPages<T>({first, rest}: Rows<T>): AsyncIterable<T[]> {
  if (first.done) return
  let page = [first.value]
  for (let next = rest.next(); !next.done; next = rest.next()) {
    if (page.length === PAGE_ROWS) {
      yield page
      page = []
    }

    page.push(next.value)
  }

  yield page
}

/** Every row in one array, for a caller that holds a bounded number of them (an MCP page). */
export function allRows<T>({first, rest}: Rows<T>): T[] {
  const all: T[] = []
  for (let next = first; !next.done; next = rest.next()) all.push(next.value)
  return all
}
