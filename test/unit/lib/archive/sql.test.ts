import {describe, expect, test} from '@jest/globals'
import {Writable} from 'node:stream'
import {UsageError} from '../../../../src/base/errors.js'
import {runSql, sqlOutput} from '../../../../src/lib/archive/sql.js'
import {type Database, openDatabase, type Row, type Statement} from '../../../../src/lib/archive/sqlite.js'
import type {OutputFormat} from '../../../../src/output/mode.js'
import {thrownBy} from '../../../helpers/errors.js'

const ROWS = 20_000
const COUNTING = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS}) SELECT i, 'row ' || i AS label FROM n`

/** The real database, with a count of the rows SQLite has handed out so far. */
function counted(db: Database): {db: Database; pulled: () => number} {
  let pulled = 0
  const count = (statement: Statement): Statement => ({
    run: (...params) => statement.run(...params),
    get: (...params) => statement.get(...params),
    all(...params) {
      const rows = statement.all(...params)
      pulled += rows.length
      return rows
    },
    *iterate(...params) {
      for (const row of statement.iterate(...params)) {
        pulled++
        yield row
      }
    },
  })
  return {db: {...db, prepare: (sql) => count(db.prepare(sql)), prepareExact: (sql) => count(db.prepareExact(sql))}, pulled: () => pulled}
}

/** Render into a stream that notes how many rows had been read when the first bytes arrived. */
async function streamed(format: OutputFormat): Promise<{text: string; pulledAtFirstWrite: number}> {
  const handle = await openDatabase(':memory:')
  const {db, pulled} = counted(handle)
  let text = ''
  let pulledAtFirstWrite = -1
  const stdout = new Writable({
    write(chunk, _encoding, done) {
      if (pulledAtFirstWrite < 0) pulledAtFirstWrite = pulled()
      text += String(chunk)
      done()
    },
  })
  try {
    await sqlOutput(runSql(db, COUNTING)).render({format, color: false, now: 0}, {stdout, stderr: new Writable({write: (_c, _e, done) => done()})})
  } finally {
    handle.close()
  }

  return {text, pulledAtFirstWrite}
}

describe('archive sql streams its rows', () => {
  test.each(['plain', 'jsonl'] as const)('%s: the first rows are written before most are read, and every row once', async (format) => {
    const {text, pulledAtFirstWrite} = await streamed(format)
    expect(pulledAtFirstWrite).toBeGreaterThan(0)
    expect(pulledAtFirstWrite).toBeLessThanOrEqual(1000)
    const lines = text.trimEnd().split('\n')
    expect(lines).toHaveLength(ROWS)
    expect(lines[0]).toBe(format === 'plain' ? '1\trow 1' : '{"i":1,"label":"row 1"}')
    expect(lines.at(-1)).toBe(format === 'plain' ? `${ROWS}\trow ${ROWS}` : `{"i":${ROWS},"label":"row ${ROWS}"}`)
  })

  test('--json: one array of every row, exactly as stringified whole, also written before most rows are read', async () => {
    const {text, pulledAtFirstWrite} = await streamed('json')
    expect(pulledAtFirstWrite).toBeLessThanOrEqual(1000)
    const rows = JSON.parse(text) as Row[]
    expect(rows).toHaveLength(ROWS)
    expect(rows[ROWS - 1]).toEqual({i: ROWS, label: `row ${ROWS}`})
    expect(text).toBe(JSON.stringify(rows, null, 2) + '\n')
  })
})

describe('archive sql refuses a write in plain words', () => {
  test.each(['DELETE FROM t', "INSERT INTO t VALUES ('x')", 'CREATE TABLE u (x)', 'DROP TABLE t', "UPDATE t SET x = 'y'"])('%s', async (sql) => {
    const dir = await openDatabase(':memory:')
    dir.exec("CREATE TABLE t (x); INSERT INTO t VALUES ('a'); PRAGMA query_only = ON")
    try {
      const error = thrownBy(() => runSql(dir, sql))
      expect(error).toBeInstanceOf(UsageError)
      expect((error as Error).message).toMatch(/^archive sql only reads: /)
      expect((error as Error).message).not.toMatch(/run\(\)|Use .* instead/)
    } finally {
      dir.close()
    }
  })
})
