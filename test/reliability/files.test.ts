/**
 * Crashes and concurrency on the files the CLI keeps: export files with the archive they are
 * written from, tail state files, and their locks. Real CLI processes against the sandbox, killed with SIGKILL or
 * run side by side; what counts is the files they leave and what the next run makes of them.
 */
import {existsSync, mkdtempSync, readdirSync, readFileSync, appendFileSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from '@jest/globals'
import {ALICE, BENCH_PARTNER, type Sandbox} from '../../src/sandbox/index.js'
import {sandboxPerTest} from '../helpers/sandbox.js'
import {currentProcess, processStartTime} from '../../src/base/processes.js'
import {finished, runCli, startCli} from '../e2e/helpers/cli.js'
import {nonEmptyLines} from './helpers/checks.js'
import {archivedCount} from '../helpers/archive.js'
import * as wait from '../helpers/wait.js'

const PARTNER = BENCH_PARTNER.id
const MESSAGES = '/v3/direct_messages'

const sandboxWith = sandboxPerTest()

const scratch = () => mkdtempSync(join(tmpdir(), 'groupme-reliability-files-'))
const idsIn = (file: string) => nonEmptyLines(readFileSync(file, 'utf8')).map((line) => (JSON.parse(line) as {id: string}).id)
const storedIds = (box: Sandbox, user: string) => box.store.messages(user).map((message) => message.id)

/** Generous: on a loaded machine a CLI's first pages can take many times longer than here alone. */
const waitFor = (condition: () => boolean, timeoutMs = 45_000) => wait.waitFor(condition, timeoutMs, 10)


describe('dm export: two names for one file', () => {
  test('a symbolic link and its target exported at once: one run works, the other is exit 6; every message once', async () => {
    const box = await sandboxWith({messages: 600})
    // The first page of the run that takes the lock is held back, so the two runs overlap.
    box.inject({method: 'GET', path: MESSAGES, kind: 'delay', ms: 600_000})
    const dir = scratch()
    const out = join(dir, 'race.jsonl')
    symlinkSync('race.jsonl', join(dir, 'link.jsonl'))
    const runs = [
      runCli(['dm', 'export', PARTNER, '--out', join(dir, 'link.jsonl'), '--page-size', '50'], {sandbox: box}),
      runCli(['dm', 'export', PARTNER, '--out', out, '--page-size', '50'], {sandbox: box}),
    ]
    // The other gives up while the first is held.
    expect((await Promise.race(runs)).code).toBe(6)
    await waitFor(() => box.requests.some((request) => request.path === MESSAGES))
    box.releaseDelays()
    const [a, b] = await Promise.all(runs)
    expect([a.code, b.code].sort()).toEqual([0, 6])
    expect([a, b].find((result) => result.code === 6)?.stderr).toMatch(/another dm export run \(pid \d+\) is using .*race\.jsonl/)
    expect(idsIn(out)).toEqual(storedIds(box, PARTNER))
    const again = await runCli(['dm', 'export', PARTNER, '--out', join(dir, 'link.jsonl')], {sandbox: box})
    expect(again.code).toBe(0)
    expect(again.stderr).toMatch(/^Exported 0 new messages/)
    expect(idsIn(out)).toEqual(storedIds(box, PARTNER))
  })
})

describe.each(['asc', 'desc'] as const)('dm export --order %s killed with SIGKILL', (order) => {
  test('mid-walk: the next run takes over the locks, removes the temporary files and finishes with every message once', async () => {
    const box = await sandboxWith({messages: 1200})
    // Twenty pages of 20 go through; the next is held back, so the kill comes mid-walk.
    box.inject({method: 'GET', path: MESSAGES, kind: 'delay', ms: 0, times: 20})
    box.inject({method: 'GET', path: MESSAGES, kind: 'delay', ms: 600_000})
    const out = join(scratch(), 'killed.jsonl')
    const args = ['dm', 'export', PARTNER, '--out', out, '--order', order, '--page-size', '20']
    const child = startCli(args, {sandbox: box})
    const done = finished(child)
    await waitFor(() => box.requests.filter((request) => request.path === MESSAGES).length > 20 && archivedCount(box) >= 200)
    child.kill('SIGKILL')
    const killed = await done
    expect(killed.signal).toBe('SIGKILL')
    // What a kill -9 leaves: the lock, and maybe FILE's temporary file half written.
    expect(existsSync(`${out}.lock`)).toBe(true)
    writeFileSync(`${out}.${child.pid}.0badf00d.tmp`, '{"half')

    const resumed = await runCli(args, {sandbox: box})
    expect(resumed.code).toBe(0)
    const stored = storedIds(box, PARTNER)
    expect(idsIn(out)).toEqual(order === 'asc' ? stored : [...stored].reverse())
    expect(readdirSync(join(out, '..')).sort()).toEqual(['killed.jsonl'])
  }, 120_000)
})

describe('dm export: a finished file changed by hand', () => {
  test('lines appended by hand are kept and refused with a message naming the file (exit 2), never cut', async () => {
    const box = await sandboxWith({})
    const out = join(scratch(), 'alice.jsonl')
    const args = ['dm', 'export', ALICE.id, '--out', out]
    expect((await runCli(args, {sandbox: box})).code).toBe(0)
    const exported = readFileSync(out, 'utf8')
    appendFileSync(out, '{"note":"mine"}\n')
    box.store.addMessages(ALICE.id, 3)
    const refused = await runCli(args, {sandbox: box})
    expect(refused.code).toBe(2)
    expect(nonEmptyLines(refused.stderr)).toEqual([
      `Error: ${out} holds lines that are not messages dm export wrote from this archive (line 31 is not), ` +
        'so it is not replaced: move it away (or choose another --out), then run again',
    ])
    expect(readFileSync(out, 'utf8')).toBe(exported + '{"note":"mine"}\n')
    // Once they are moved away, the export goes on from where it was.
    writeFileSync(out, exported)
    const again = await runCli(args, {sandbox: box})
    expect(again.code).toBe(0)
    expect(idsIn(out)).toEqual(storedIds(box, ALICE.id))
  })

  test('a file of the committed size with other content is refused, not reported as fine', async () => {
    const box = await sandboxWith({})
    const out = join(scratch(), 'alice.jsonl')
    const args = ['dm', 'export', ALICE.id, '--out', out]
    expect((await runCli(args, {sandbox: box})).code).toBe(0)
    const exported = readFileSync(out, 'utf8')
    // One digit of the last message's id changed: the same size, other content.
    const at = exported.lastIndexOf('"id":"') + 6
    writeFileSync(out, exported.slice(0, at) + (exported[at] === '9' ? '8' : '9') + exported.slice(at + 1))
    expect(Buffer.byteLength(readFileSync(out, 'utf8'))).toBe(Buffer.byteLength(exported))
    const refused = await runCli(args, {sandbox: box})
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain(`${out} holds lines that are not messages dm export wrote from this archive (line 30 is not)`)
    expect(Buffer.byteLength(readFileSync(out, 'utf8'))).toBe(Buffer.byteLength(exported))
  })
})

describe('stale locks', () => {
  const dead = () => {
    const child = startCli(['--version'])
    return finished(child).then(() => child.pid!)
  }

  test.each([
    ['empty, older than a moment', async () => ''],
    ['garbage', async () => 'garbage\n'],
    ['a bare pid of a live process (pid 1)', async () => '1\n'],
    ['a live pid whose process started at another time', async () => JSON.stringify({groupme_lock: 1, ...currentProcess(), pid: 1, start: '1'})],
    ['the pid of a run that died', async () => JSON.stringify({groupme_lock: 1, ...currentProcess(), pid: await dead()})],
  ])('a lock holding %s is taken over: dm export and dm tail run', async (_, content) => {
    const box = await sandboxWith({})
    const dir = scratch()
    const text = await content()
    const out = join(dir, 'alice.jsonl')
    const state = join(dir, 'alice.json')
    const old = new Date(Date.now() - 60_000)
    for (const file of [out, state]) {
      writeFileSync(`${file}.lock`, text)
      utimesSync(`${file}.lock`, old, old)
    }

    const exported = await runCli(['dm', 'export', ALICE.id, '--out', out], {sandbox: box})
    expect([exported.code, exported.stderr]).toEqual([0, expect.stringMatching(/^Exported 30 new messages/)])
    const tailed = await runCli(['dm', 'tail', ALICE.id, '--state', state, '--jsonl', '--wait', '0'], {sandbox: box})
    expect(tailed.code).toBe(0)
    expect(nonEmptyLines(tailed.stdout)).toHaveLength(20)
    expect(readdirSync(dir).sort()).toEqual(['alice.json', 'alice.jsonl'])
  })

  test('a live holder is respected, and the message says how to clear a lock that is not', async () => {
    const box = await sandboxWith({})
    const state = join(scratch(), 'alice.json')
    writeFileSync(`${state}.lock`, JSON.stringify({groupme_lock: 1, ...currentProcess(), start: processStartTime(process.pid)}))
    const result = await runCli(['dm', 'tail', ALICE.id, '--state', state, '--wait', '0'], {sandbox: box})
    expect(result.code).toBe(6)
    expect(nonEmptyLines(result.stderr)).toEqual([
      `Error: another dm tail run (pid ${process.pid}) is using this state file (lock ${state}.lock). ` +
        `If that process is not a groupme run, remove the lock: rm '${state}.lock'`,
    ])
    expect(box.requests).toEqual([])
  })
})

describe('dm tail killed with SIGKILL while a slow reader holds its output', () => {
  test('nothing is lost; what is printed again is only the batch that was being written', async () => {
    const box = await sandboxWith({})
    const state = join(scratch(), 'alice.json')
    const args = ['dm', 'tail', ALICE.id, '--state', state, '--jsonl']
    expect((await runCli([...args, '--init'], {sandbox: box})).code).toBe(0)
    const stateBefore = readFileSync(state, 'utf8')
    // More than a pipe holds (64 KiB): the write waits for the reader.
    const arrived = box.store.addMessages(ALICE.id, 600, {text: () => 'x'.repeat(400)}).map((message) => message.id)
    const child = startCli(args, {sandbox: box})
    let head = ''
    child.stdout.setEncoding('utf8')
    const reading = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: string) => {
        head += chunk
        if (head.length >= 16_384) {
          // The reader stops reading: the rest of the batch waits in the pipe and in the CLI.
          child.stdout.pause()
          resolve()
        }
      })
    })
    await reading
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
    child.stdout.destroy()
    // The state did not move past output that never reached the reader.
    expect(readFileSync(state, 'utf8')).toBe(stateBefore)

    const next = await runCli(args, {sandbox: box})
    expect(next.code).toBe(0)
    const printed = nonEmptyLines(next.stdout).map((line) => (JSON.parse(line) as {id: string}).id)
    expect(printed).toEqual(arrived)
    // Lines the reader got from the killed run are printed again: the documented case.
    const seen = nonEmptyLines(head.slice(0, head.lastIndexOf('\n'))).map((line) => (JSON.parse(line) as {id: string}).id)
    expect(seen.length).toBeGreaterThan(0)
    expect(arrived.slice(0, seen.length)).toEqual(seen)
    const idle = await runCli(args, {sandbox: box})
    expect([idle.code, idle.stdout]).toEqual([0, ''])
  })
})
