/**
 * `archive sql`: one read-only statement over the archive. The database is opened read-only and
 * with `PRAGMA query_only`, so no statement can change it, whatever it says.
 */
import {UsageError} from '../../base/errors.js'
import type {Column, CommandOutput} from '../../output/render.js'
import {list} from '../../output/render.js'
import {sanitizeLine} from '../../base/sanitize.js'
import {type Rows, rowPages, startRows} from './rows.js'
import type {Database, Row} from './sqlite.js'

/** `sql` is not blank: the command refuses an empty SQL (requireText) before the archive is opened. */
export function runSql(db: Database, sql: string): Rows<Row> {
  try {
    return startRows(db.prepareExact(sql), [], (row) => row)
  } catch (error) {
    // Every failure here is about the statement: a syntax error, a write refused, an unknown table.
    const reason = sanitizeLine((error as Error).message)
    if (/does not return data|readonly|read-only|query_only/i.test(reason)) {
      throw new UsageError(`archive sql only reads: give a statement that returns rows (SELECT, WITH, a PRAGMA that reads); SQLite says: ${reason}`)
    }

    throw new UsageError(`the statement failed: ${reason}`)
  }
}

/**
 * A table of the result's columns, read from SQLite page by page as it is printed, so a million
 * rows take no more memory than a page, in every mode but --jq over --json (which needs the whole array).
 * --json gives the rows as objects, an integer past 2^53 as a string.
 */
export function sqlOutput(rows: Rows<Row>): CommandOutput {
  const {first} = rows
  const names = first.done ? [] : Object.keys(first.value)
  const columns: Column<Row>[] = names.map((name) => ({header: name, value: (row) => cellText(row[name])}))
  const exact = (row: Row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, jsonValue(value)]))
  return list(rowPages(rows), columns, {empty: 'No rows.', raw: exact, local: true})
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Uint8Array) return `<${value.length} bytes>`
  return String(value)
}

function jsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  return value
}
