import {describe, expect, jest, test} from '@jest/globals'
import {UsageError} from '../../../src/base/errors.js'
import {compileJq} from '../../../src/output/jq.js'
import {rejectionOf, thrownBy} from '../../helpers/errors.js'

/** Careless --jq programs (issue 24): a bounded budget and a one-line error, exit 2; never "Aborted()". */
describe('a runaway --jq program', () => {
  test.each(['def f: 1+f; f', '[range(1e8)]', '"x" * 1e9'])('%s: exit 2 with one line, nothing on the console', async (program) => {
    const console_ = jest.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const error = await rejectionOf(compileJq(program))
      expect(error).toBeInstanceOf(UsageError)
      expect((error as Error).message).toMatch(/^--jq: the program needs more than jq's memory \(256 MB\)/)
      expect((error as Error).message).not.toMatch(/\n|Aborted|ASSERTIONS/)
      expect(console_).not.toHaveBeenCalled()
    } finally {
      console_.mockRestore()
    }
  })

  test('one that runs away only on the real input: exit 2, one line', async () => {
    const console_ = jest.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const program = await compileJq('if . == null then . else [range(1e8)] end')
      const error = thrownBy(() => program({a: 1}, {compact: true}))
      expect(error).toBeInstanceOf(UsageError)
      expect((error as Error).message).toMatch(/^--jq: the program needs more than jq's memory \(256 MB\)/)
      expect(console_).not.toHaveBeenCalled()
    } finally {
      console_.mockRestore()
    }
  })
})
