import {describe, expect, jest, test} from '@jest/globals'
import {openDatabase, SqliteUnavailableError} from '../../../../src/lib/archive/sqlite.js'
import {rejectionOf} from '../../../helpers/errors.js'

describe('a Node without node:sqlite', () => {
  test('is told what it needs (Node 22.13 or later), with exit 2, and the database is not blamed', async () => {
    const lookup = jest.spyOn(process, 'getBuiltinModule').mockReturnValue(undefined)
    try {
      const error = await rejectionOf(openDatabase(':memory:'))
      expect(error).toBeInstanceOf(SqliteUnavailableError)
      expect((error as SqliteUnavailableError).message).toBe(
        `the archive needs Node's built-in SQLite (node:sqlite), which Node ${process.versions.node} does not have: use Node 22.13 or later`,
      )
      expect((error as SqliteUnavailableError).exitCode).toBe(2)
      expect((error as Error).message).not.toMatch(/database|archive file|corrupt/i)
    } finally {
      lookup.mockRestore()
    }

    // Once a Node that has it is in use, the archive opens.
    const db = await openDatabase(':memory:')
    expect(db.prepare('SELECT 1 AS one').get()).toEqual({one: 1})
    db.close()
  })
})
