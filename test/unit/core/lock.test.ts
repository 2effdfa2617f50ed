import {spawn, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs'
import {hostname, tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from '@jest/globals'

import {ConflictError} from '../../../src/base/errors.js'
import {removeStaleTemporaries} from '../../../src/base/files.js'
import {FileLock, lockPathFor} from '../../../src/core/lock.js'
import {currentProcess, isGone, isRunning, processStartTime} from '../../../src/base/processes.js'
import {realTarget} from '../../../src/core/real-path.js'
import {FakeClock} from '../../helpers/clock.js'
import {waitFor} from '../../helpers/wait.js'

const directory = () => mkdtempSync(join(tmpdir(), 'groupme-lock-'))
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!
const lockOf = (identity: object) => JSON.stringify({groupme_lock: 1, ...identity}) + '\n'

describe('FileLock', () => {
  test('is exclusive, holds who holds it and is removed on release', async () => {
    const state = join(directory(), 's.json')
    const lock = await FileLock.acquire(state, {waitMs: 0})
    expect(JSON.parse(readFileSync(lockPathFor(state), 'utf8'))).toEqual({groupme_lock: 1, ...currentProcess()})
    expect(currentProcess().start).toMatch(/^\d+$/) // Linux: the start time is known
    await expect(FileLock.acquire(state, {waitMs: 0})).rejects.toBeInstanceOf(ConflictError)
    lock.release()
    expect(existsSync(lockPathFor(state))).toBe(false)
    const again = await FileLock.acquire(state, {waitMs: 0})
    again.release()
  })

  test('a busy lock waits up to waitMs, then exit 6 naming the holder, the lock file and how to clear it', async () => {
    const state = join(directory(), 's.json')
    const parent = {pid: process.ppid, host: hostname(), boot: currentProcess().boot, start: processStartTime(process.ppid)}
    writeFileSync(lockPathFor(state), lockOf(parent))
    const clock = new FakeClock(undefined, {skipWaits: true})
    const error = (await FileLock.acquire(state, {waitMs: 300, pollMs: 50, holder: 'another dm tail run', waitFlag: '--wait', clock}).catch(
      (caught: unknown) => caught,
    )) as ConflictError
    expect(error).toBeInstanceOf(ConflictError)
    expect(error.exitCode).toBe(6)
    expect(error.message).toContain(`another dm tail run (pid ${process.ppid})`)
    expect(error.message).toContain('gave up after 0.3 s (--wait)')
    // It looked every 50 ms on its clock, and no longer than asked.
    expect(clock.slept).toEqual([50, 50, 50, 50, 50, 50])
    expect(error.message).toContain(`rm '${lockPathFor(state)}'`)
    // Someone else's lock is left alone.
    expect(readFileSync(lockPathFor(state), 'utf8')).toBe(lockOf(parent))
  })

  test('is acquired at the first look after the holder releases it', async () => {
    const state = join(directory(), 's.json')
    const first = await FileLock.acquire(state, {waitMs: 0})
    const clock = new FakeClock()
    const started = clock.now()
    const waiting = FileLock.acquire(state, {waitMs: 5000, pollMs: 20, clock})
    // It looked, found the lock held, and waits for its next look.
    await waitFor(() => clock.pending === 1)
    await clock.advance(40)
    expect(clock.pending).toBe(1)
    first.release()
    await clock.advance(20)
    const second = await waiting
    expect(clock.now() - started).toBe(60)
    expect(readFileSync(lockPathFor(state), 'utf8')).toContain(`"pid":${process.pid}`)
    second.release()
  })

  test.each([
    ['a dead pid', () => lockOf({...currentProcess(), pid: deadPid()})],
    ['a live pid that started at another time (the pid was used again)', () => lockOf({...currentProcess(), pid: process.ppid, start: '1'})],
    ['a live pid of another boot', () => lockOf({...currentProcess(), pid: process.ppid, boot: 'another-boot'})],
    ['a bare pid of a live process (not our format)', () => '1\n'],
    ['garbage', () => 'garbage \u0000\n'],
    ['JSON of another shape', () => '{"pid": "1"}\n'],
  ])('a lock holding %s is taken over', async (_, content) => {
    const state = join(directory(), 's.json')
    writeFileSync(lockPathFor(state), content())
    // Made before the lock was written, so that only its content decides.
    utimesSync(lockPathFor(state), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000))
    const lock = await FileLock.acquire(state, {waitMs: 0})
    expect(readFileSync(lockPathFor(state), 'utf8')).toContain(`"pid":${process.pid}`)
    lock.release()
    expect(readdirSync(join(state, '..'))).toEqual([])
  })

  test('an empty lock just made may be being written: it is waited for (even with waitMs 0), then taken over', async () => {
    const state = join(directory(), 's.json')
    writeFileSync(lockPathFor(state), '')
    const lock = await FileLock.acquire(state, {waitMs: 0, pollMs: 50})
    expect(readFileSync(lockPathFor(state), 'utf8')).toContain(`"pid":${process.pid}`)
    lock.release()
  })

  test('a lock held on another host is not judged from here', async () => {
    const state = join(directory(), 's.json')
    writeFileSync(lockPathFor(state), lockOf({pid: deadPid(), host: 'elsewhere.example'}))
    const error = (await FileLock.acquire(state, {waitMs: 0}).catch((caught: unknown) => caught)) as ConflictError
    expect(error).toBeInstanceOf(ConflictError)
    expect(error.message).toContain('on elsewhere.example')
  })

  test('release leaves a lock that is not ours', async () => {
    const state = join(directory(), 's.json')
    const lock = await FileLock.acquire(state, {waitMs: 0})
    writeFileSync(lockPathFor(state), '1\n')
    lock.release()
    expect(readFileSync(lockPathFor(state), 'utf8')).toBe('1\n')
  })

  test('a symbolic link and its target share one lock, also before the target exists', async () => {
    const dir = directory()
    const target = join(dir, 'race.jsonl')
    symlinkSync('race.jsonl', join(dir, 'link.jsonl'))
    mkdirSync(join(dir, 'real'))
    symlinkSync('real', join(dir, 'dirlink'))
    const lock = await FileLock.acquire(join(dir, 'link.jsonl'), {waitMs: 0})
    expect(lock.target).toBe(target)
    await expect(FileLock.acquire(target, {waitMs: 0})).rejects.toBeInstanceOf(ConflictError)
    lock.release()
    // Through a linked directory.
    const viaDir = await FileLock.acquire(join(dir, 'dirlink', 'x.json'), {waitMs: 0})
    expect(viaDir.target).toBe(join(dir, 'real', 'x.json'))
    await expect(FileLock.acquire(join(dir, 'real', 'x.json'), {waitMs: 0})).rejects.toBeInstanceOf(ConflictError)
    viaDir.release()
  })

  test('taking the lock removes the temporary files a killed run left, and only those', async () => {
    const dir = directory()
    const out = join(dir, 'alice.jsonl')
    const dead = deadPid()
    const left = [`alice.jsonl.checkpoint.json.${dead}.0a1b2c3d.tmp`, `alice.jsonl.${dead}.0a1b2c3d.tmp`, `alice.jsonl.lock.${dead}.0a1b2c3d.tmp`]
    const kept = [
      `alice.jsonl.checkpoint.json.${process.ppid}.0a1b2c3d.tmp`, // its writer runs
      `bob.jsonl.checkpoint.json.${dead}.0a1b2c3d.tmp`, // another file's
      `alice.jsonl.notes.tmp`, // not of our form
      'alice.jsonl',
    ]
    for (const name of [...left, ...kept]) writeFileSync(join(dir, name), 'x')
    const lock = await FileLock.acquire(out, {waitMs: 0})
    lock.release()
    expect(readdirSync(dir).sort()).toEqual([...kept].sort())
  })

  test('the lock of a file in a directory it cannot write to is one FileError naming the lock, exit 2', async () => {
    // As root, permissions do not stop a write; /sys still refuses one.
    const parent = process.getuid?.() === 0 ? '/sys/kernel' : join(directory(), 'ro')
    if (process.getuid?.() !== 0) {
      mkdirSync(parent, {mode: 0o500})
    }

    const error = (await FileLock.acquire(join(parent, 'state.json'), {waitMs: 0}).catch((caught: unknown) => caught)) as Error & {exitCode: number}
    expect(error.message).toMatch(new RegExp(`^cannot create the lock file ${parent}/state.json.lock: permission denied`))
    expect(error.exitCode).toBe(2)
  })
})

describe('processes', () => {
  test('isGone: a running process with its own start time is not gone; a dead one is', () => {
    expect(isRunning(process.pid)).toBe(true)
    expect(isGone(currentProcess())).toBe(false)
    expect(isGone({...currentProcess(), pid: deadPid()})).toBe(true)
    expect(isGone({...currentProcess(), start: undefined})).toBe(false) // without /proc: the pid alone
  })

  test('processStartTime reads a command name with spaces and parentheses', () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)'], {argv0: 'a) (b c'})
    try {
      expect(processStartTime(child.pid!)).toMatch(/^\d+$/)
    } finally {
      child.kill()
    }
  })
})

describe('realTarget', () => {
  test('follows a chain of links and a dangling one; a loop is one error naming the path', async () => {
    const dir = directory()
    symlinkSync('b', join(dir, 'a'))
    symlinkSync(join(dir, 'c', 'file'), join(dir, 'b'))
    expect(await realTarget(join(dir, 'a'))).toBe(join(dir, 'c', 'file'))
    symlinkSync('loop2', join(dir, 'loop1'))
    symlinkSync('loop1', join(dir, 'loop2'))
    await expect(realTarget(join(dir, 'loop1'))).rejects.toMatchObject({exitCode: 2, message: expect.stringContaining('too many symbolic links')})
  })

  test('removeStaleTemporaries ignores a directory that is not there', async () => {
    await expect(removeStaleTemporaries(join(directory(), 'missing', 'x.json'))).resolves.toBeUndefined()
  })
})
