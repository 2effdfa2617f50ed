import {existsSync, mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from '@jest/globals'
import {systemClock} from '../../../src/base/clock.js'
import {Context} from '../../../src/core/context.js'
import {CliError, ConflictError, UsageError} from '../../../src/base/errors.js'
import type {Signals} from '../../../src/core/interrupt.js'
import {lockPathFor} from '../../../src/core/lock.js'
import {readSettings} from '../../../src/core/settings.js'
import {runWorkflow} from '../../../src/core/workflow.js'
import {SandboxStore} from '../../../src/sandbox/store.js'
import {SandboxClient} from '../helpers/sandbox-client.js'
import {testIO} from '../../helpers/io.js'

/** Signals a test can send; exit throws, so that the test sees the code. */
function testSignals() {
  const handlers = new Set<() => void>()
  const signals: Signals = {
    onInterrupt(handler) {
      handlers.add(handler)
      return () => handlers.delete(handler)
    },
    exit(code) {
      throw new Error(`exit ${code}`)
    },
  }
  return {signals, handlers, interrupt: () => {
    for (const handler of [...handlers]) handler()
  }}
}

function testContext(options: {stderrTTY?: boolean} = {}) {
  const {io, stderr} = testIO({stderrTTY: options.stderrTTY})
  const sent = testSignals()
  const store = new SandboxStore({id: '100000001', name: 'Me', avatar_url: null}, 'http://sandbox.invalid')
  const context = new Context(
    {io, settings: readSettings({}), clock: systemClock, signals: sent.signals, configDir: tmpdir(), connect: () => new SandboxClient(store)},
    () => ({timeoutMs: 1000, debug: false, json: false}),
  )
  return {context, stderr, ...sent}
}

const file = () => join(mkdtempSync(join(tmpdir(), 'groupme-workflow-')), 'out.jsonl')

describe('runWorkflow', () => {
  test('holds the lock while the work runs and releases it after; the guard is removed', async () => {
    const {context, handlers} = testContext()
    const path = file()
    const result = await runWorkflow(context, {interrupted: 'bye', lock: {path, waitMs: 0}}, async (run) => {
      expect(existsSync(lockPathFor(path))).toBe(true)
      expect(run.locked).toBe(path)
      expect(handlers.size).toBe(1)
      return 42
    })
    expect(result).toBe(42)
    expect(existsSync(lockPathFor(path))).toBe(false)
    expect(handlers.size).toBe(0)
  })

  test('a second run on the same file gives up at once (exit 6)', async () => {
    const {context} = testContext()
    const path = file()
    await runWorkflow(context, {interrupted: 'bye', lock: {path, waitMs: 0}}, async () => {
      await expect(runWorkflow(context, {interrupted: 'bye', lock: {path, waitMs: 0, holder: 'another run'}}, async () => 1)).rejects.toBeInstanceOf(ConflictError)
    })
  })

  test('a failure says the farewell line, then the error goes on; bad input and --json say nothing more', async () => {
    const failing = async (error: Error, json = false) => {
      const {context, stderr} = testContext()
      await expect(runWorkflow(context, {interrupted: 'bye', stopped: () => 'Stopped; run it again.', json}, async () => Promise.reject(error))).rejects.toBe(error)
      return stderr.text
    }

    expect(await failing(new CliError('boom'))).toBe('Stopped; run it again.\n')
    expect(await failing(new UsageError('bad flag'))).toBe('')
    expect(await failing(new CliError('boom'), true)).toBe('')
  })

  test('Ctrl-C ends the run with exit 130 and the interrupted line, but not inside a critical section', async () => {
    const {context, stderr, interrupt} = testContext()
    const order: string[] = []
    await expect(
      runWorkflow(context, {interrupted: 'Interrupted; saved.'}, async (run) => {
        await run.critical(async () => {
          interrupt()
          order.push('critical work finished')
        })
        order.push('after the critical section')
      }),
    ).rejects.toThrow('exit 130')
    expect(order).toEqual(['critical work finished'])
    expect(stderr.text).toBe('\nInterrupted; saved.\n')
  })

  test('a note takes the progress bar off the terminal first, and the bar is gone at the end', async () => {
    const {context, stderr} = testContext({stderrTTY: true})
    await runWorkflow(context, {interrupted: 'bye'}, async (run) => {
      run.progress.start(0, 10)
      run.note('halfway')
    })
    expect(stderr.text).toMatch(/^\r\[-+\] 0\/10 0% .*\r\u001b\[Khalfway\n$/)
  })
})
