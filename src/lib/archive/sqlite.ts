/**
 * The one place that opens SQLite: Node's own `node:sqlite` (Node 22.13 and later, FTS5 compiled
 * in). This adapter gives the archive a small synchronous prepare/run/get/all/iterate shape and
 * exact integers where ids need them (docs/decisions/0066-node-22-13-floor-node-sqlite-only.md).
 *
 * Loaded only by the archive commands (dynamic import), so no other command pays for it.
 */
import {pathToFileURL} from 'node:url'
import {CliError, ExitCode} from '../../base/errors.js'

export type SqlValue = string | number | bigint | null | Uint8Array
export type Row = Record<string, unknown>

export interface Statement {
  run(...params: SqlValue[]): {changes: number}
  get(...params: SqlValue[]): Row | undefined
  all(...params: SqlValue[]): Row[]
  /** Rows one at a time, for results too large to hold. */
  iterate(...params: SqlValue[]): IterableIterator<Row>
}

export interface Database {
  exec(sql: string): void
  prepare(sql: string): Statement
  /** A statement whose integers come back as BigInt when they do not fit a Number (archive sql). */
  prepareExact(sql: string): Statement
  /** Run `work` in one transaction: all of it is written, or none. */
  transaction<T>(work: () => T): T
  close(): void
}

export interface OpenOptions {
  readOnly?: boolean
  /** Read a file nothing can change, with no -shm beside it (lib/archive/file.ts). */
  immutable?: boolean
}

/** This Node has no usable node:sqlite: say what is needed (never blame the database). */
export class SqliteUnavailableError extends CliError {
  override readonly exitCode = ExitCode.usage
  override readonly code = 'sqlite_unavailable'
}

let loaded = false

/** Open (or create) a database file. */
export async function openDatabase(path: string, options: OpenOptions = {}): Promise<Database> {
  if (!loaded) {
    loadNodeSqlite()
    loaded = true
  }

  return openWithNodeSqlite(path, options)
}

// ---------------------------------------------------------------------------------------------
// node:sqlite

interface NodeStatement {
  run(...params: SqlValue[]): {changes: number | bigint}
  get(...params: SqlValue[]): Row | undefined
  all(...params: SqlValue[]): Row[]
  iterate(...params: SqlValue[]): IterableIterator<Row>
  setReadBigInts(enabled: boolean): void
}

interface NodeDatabase {
  exec(sql: string): void
  prepare(sql: string): NodeStatement
  close(): void
}

type NodeDatabaseConstructor = new (path: string | URL, options?: {readOnly?: boolean}) => NodeDatabase

let NodeDatabaseSync: NodeDatabaseConstructor | undefined

/** Load node:sqlite, keeping its ExperimentalWarning (and only that one) off stderr. */
function loadNodeSqlite(): void {
  const emitWarning = process.emitWarning
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as {type?: string} | undefined)?.type ?? (warning as Error).name
    if (type === 'ExperimentalWarning' && /sqlite/i.test(text)) return
    return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest)
  }) as typeof process.emitWarning
  try {
    // getBuiltinModule: undefined where the module does not exist, and no import() in the bundle.
    const sqlite = process.getBuiltinModule('node:sqlite') as {DatabaseSync?: NodeDatabaseConstructor} | undefined
    NodeDatabaseSync = sqlite?.DatabaseSync
  } catch {
    NodeDatabaseSync = undefined
  } finally {
    process.emitWarning = emitWarning
  }

  if (NodeDatabaseSync === undefined) {
    throw new SqliteUnavailableError(
      `the archive needs Node's built-in SQLite (node:sqlite), which Node ${process.versions.node} does not have: use Node 22.13 or later`,
    )
  }
}

function openWithNodeSqlite(path: string, options: OpenOptions): Database {
  const db = new NodeDatabaseSync!(options.immutable ? immutableUrl(path) : path, {readOnly: options.readOnly === true || options.immutable === true})
  const wrap = (statement: NodeStatement): Statement => ({
    run: (...params) => ({changes: Number(statement.run(...params).changes)}),
    get: (...params) => statement.get(...params),
    all: (...params) => statement.all(...params),
    iterate: (...params) => statement.iterate(...params),
  })
  return {
    exec: (sql) => db.exec(sql),
    prepare: (sql) => wrap(db.prepare(sql)),
    prepareExact(sql) {
      const statement = db.prepare(sql)
      statement.setReadBigInts(true)
      return exactIntegers(wrap(statement))
    },
    transaction: (work) => inTransaction((sql) => db.exec(sql), work),
    close: () => db.close(),
  }
}

/** SQLite's URI for a file read as immutable: no locks, no -shm. */
function immutableUrl(path: string): URL {
  const url = pathToFileURL(path)
  url.searchParams.set('mode', 'ro')
  url.searchParams.set('immutable', '1')
  return url
}

/** Integers read as BigInt; those that fit a Number become one again, so only ids past 2^53 stay BigInt. */
function exactIntegers(statement: Statement): Statement {
  const narrow = (row: Row): Row => {
    for (const [key, value] of Object.entries(row)) {
      if (typeof value === 'bigint' && value >= MIN_SAFE && value <= MAX_SAFE) row[key] = Number(value)
    }

    return row
  }

  return {
    run: (...params) => statement.run(...params),
    get: (...params) => {
      const row = statement.get(...params)
      return row && narrow(row)
    },
    all: (...params) => statement.all(...params).map(narrow),
    *iterate(...params) {
      for (const row of statement.iterate(...params)) yield narrow(row)
    },
  }
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER)
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/** BEGIN IMMEDIATE: the write lock is taken at once, so a transaction never fails half-way on it. */
function inTransaction<T>(exec: (sql: string) => void, work: () => T): T {
  exec('BEGIN IMMEDIATE')
  let result: T
  try {
    result = work()
  } catch (error) {
    exec('ROLLBACK')
    throw error
  }

  exec('COMMIT')
  return result
}
