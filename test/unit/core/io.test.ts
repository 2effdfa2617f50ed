import {describe, expect, test} from '@jest/globals'
import {confirmDestructive, ensureConfirmable} from '../../../src/core/confirm.js'
import {InterruptedError, UsageError} from '../../../src/base/errors.js'
import {testIO} from '../../helpers/io.js'

describe('IOStreams', () => {
  test('reads all of stdin as text', async () => {
    expect(await testIO({stdin: 'héllo\nworld\n'}).io.readStdin('TEXT')).toBe('héllo\nworld\n')
    expect(await testIO().io.readStdin('TEXT')).toBe('')
  })

  test('may ask only with a terminal on stdin and on stderr', () => {
    expect(testIO({stdinTTY: true, stderrTTY: true}).io.canPrompt()).toBe(true)
    expect(testIO({stdinTTY: true}).io.canPrompt()).toBe(false)
    expect(testIO({stderrTTY: true}).io.canPrompt()).toBe(false)
  })

  test('chooses tables with the width on a terminal, lines in a pipe, colour as the environment says', () => {
    const now = Date.UTC(2026, 9, 20)
    expect(testIO({stdoutTTY: true, columns: 100}).io.outputMode({}, now)).toEqual({format: 'table', color: true, width: 100, now, timeZone: undefined})
    expect(testIO({stdoutTTY: true, env: {NO_COLOR: '1'}}).io.outputMode({}, now).color).toBe(false)
    expect(testIO().io.outputMode({}, now)).toEqual({format: 'plain', color: false, width: undefined, now, timeZone: undefined})
    expect(testIO({stdoutTTY: true}).io.outputMode({jsonl: true}, now).format).toBe('jsonl')
    expect(testIO({env: {TZ: 'Asia/Tokyo'}}).io.outputMode({}, now).timeZone).toBe('Asia/Tokyo')
  })

  test('a progress bar only when stderr is a terminal', () => {
    const pipe = testIO()
    pipe.io.progress(() => 0).start(0, 10)
    expect(pipe.stderr.text).toBe('')
    const terminal = testIO({stderrTTY: true})
    terminal.io.progress(() => 0).start(0, 10)
    expect(terminal.stderr.text).toContain('0/10')
  })

  test('flushed resolves once what was written has left', async () => {
    const {io, stdout} = testIO()
    io.stdout.write('a line\n')
    await io.flushed()
    expect(stdout.text).toBe('a line\n')
  })
})

describe('confirming destructive work', () => {
  test('without a terminal, --yes is required', () => {
    expect(() => ensureConfirmable(testIO().io, false)).toThrow(UsageError)
    expect(() => ensureConfirmable(testIO().io, true)).not.toThrow()
  })

  test('asks on stderr and reads the answer from stdin: y goes on, anything else is exit 2', async () => {
    const yes = testIO({stdin: 'y\n', stdinTTY: true, stderrTTY: true})
    await confirmDestructive(yes.io, 'Delete 3?', false)
    expect(yes.stderr.text).toContain('Delete 3? [y/N] ')
    const no = testIO({stdin: 'n\n', stdinTTY: true, stderrTTY: true})
    await expect(confirmDestructive(no.io, 'Delete 3?', false)).rejects.toBeInstanceOf(UsageError)
  })

  test('Ctrl-D at the prompt (stdin ends) is an interruption, nothing deleted', async () => {
    const closed = testIO({stdinTTY: true, stderrTTY: true})
    await expect(confirmDestructive(closed.io, 'Delete 3?', false)).rejects.toBeInstanceOf(InterruptedError)
  })
})
