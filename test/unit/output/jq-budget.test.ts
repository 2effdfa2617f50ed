import {fileURLToPath} from 'node:url'
import {describe, expect, jest, test} from '@jest/globals'
import {UsageError} from '../../../src/base/errors.js'
import {compileJq, type JqProgram} from '../../../src/output/jq.js'
import {FakeClock} from '../../helpers/clock.js'
import {rejectionOf} from '../../helpers/errors.js'

const root = fileURLToPath(new URL('../../..', import.meta.url))

/** What a program prints on one value, text by text as it hands them over, and how it ended. */
async function outputs(program: JqProgram, value: unknown, write: (text: string) => Promise<void> = async () => {}) {
  const texts: string[] = []
  const error = await rejectionOf(
    program(value, {compact: true}, async (text) => {
      texts.push(text)
      await write(text)
    }),
  )
  return {texts, error}
}

/** How a program ends on one value, whether at compiling or at running. */
async function failureOf(expression: string, budgetMs?: number): Promise<unknown> {
  return rejectionOf(compileJq(expression, {root, budgetMs}).then(async (program) => {
    const {error} = await outputs(program, {a: 1})
    if (error) throw error
  }))
}

/** Careless --jq programs (issue 24): a bounded budget and a one-line error, exit 2; never "Aborted()". */
describe('a runaway --jq program', () => {
  test.each(['def f: 1+f; f', '[range(1e8)]', '"x" * 1e9'])('%s: exit 2 with one line, nothing on the console', async (program) => {
    const console_ = jest.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const error = await failureOf(program)
      expect(error).toBeInstanceOf(UsageError)
      expect((error as Error).message).toMatch(/^--jq: the program needs more than jq's memory \(256 MB\)/)
      expect((error as Error).message).not.toMatch(/\n|Aborted|ASSERTIONS/)
      expect(console_).not.toHaveBeenCalled()
    } finally {
      console_.mockRestore()
    }
  })

  test('a program is compiled, not run, before anything is sent: one that prints for ever on null compiles', async () => {
    await expect(compileJq('repeat(.)', {root, budgetMs: 200})).resolves.toBeInstanceOf(Function)
  })

  test('one that runs away only on the real input: exit 2, one line', async () => {
    const console_ = jest.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const program = await compileJq('if . == null then . else [range(1e8)] end', {root})
      const {error} = await outputs(program, {a: 1})
      expect(error).toBeInstanceOf(UsageError)
      expect((error as Error).message).toMatch(/^--jq: the program needs more than jq's memory \(256 MB\)/)
      expect(console_).not.toHaveBeenCalled()
    } finally {
      console_.mockRestore()
    }
  })

  test('last(repeat(1)), a loop in no memory: stopped at the time budget, exit 2 in one line', async () => {
    const error = await failureOf('last(repeat(1))', 200)
    expect(error).toBeInstanceOf(UsageError)
    expect((error as Error).message).toMatch(/^--jq: the program computed for 0\.2 s without printing anything and was stopped/)
    expect((error as Error).message).not.toMatch(/\n/)
  })

  test('one that prints, then loops: what it printed is written before it is stopped', async () => {
    const program = await compileJq('if . == null then . else (1, 2, last(repeat(1))) end', {root, budgetMs: 200})
    const {texts, error} = await outputs(program, {a: 1})
    expect(texts).toEqual(['1\n', '2\n'])
    expect((error as Error).message).toMatch(/^--jq: the program computed for 0\.2 s without printing anything/)
  })
})

describe('--jq output streams', () => {
  test('repeat(1), which prints for ever: each output is handed over as printed, until the reader goes away', async () => {
    const program = await compileJq('repeat(.)', {root, budgetMs: 200})
    const epipe = Object.assign(new Error('the reader went away'), {code: 'EPIPE'})
    let written = 0
    const {texts, error} = await outputs(program, 1, async () => {
      if (++written === 1000) throw epipe
    })
    expect(error).toBe(epipe)
    // Not a line more is asked for after the reader went away.
    expect(texts).toEqual(Array.from({length: 1000}, () => '1\n'))
  })

  test('a slow reader: jq waits for it, and the time it takes is not counted against jq', async () => {
    const clock = new FakeClock()
    const program = await compileJq('range(200)', {root, clock, budgetMs: 200})
    let release: () => void = () => {}
    let reached: () => void = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const stuck = new Promise<void>((resolve) => {
      reached = resolve
    })
    const run = outputs(program, null, (text) => {
      if (text !== '0\n') return Promise.resolve()
      reached()
      return held
    })
    // The reader is stuck on the first line for far longer than the budget: jq is not stopped.
    await stuck
    await clock.advance(10_000)
    release()
    const {texts, error} = await run
    expect(error).toBeUndefined()
    expect(texts).toEqual(Array.from({length: 200}, (_, index) => `${index}\n`))
  })

  test('strings are printed raw and whole, as jq -r prints them', async () => {
    const program = await compileJq('.[]', {root})
    const {texts} = await outputs(program, ['  x\n', 'y'])
    expect(texts.join('')).toBe('  x\n\ny\n')
  })
})
