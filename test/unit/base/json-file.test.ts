import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, truncateSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from '@jest/globals'

import {FileError, fileFailure, isMissing} from '../../../src/base/file-errors.js'
import {isRecord, parseJson, readJsonFile} from '../../../src/base/json-file.js'
import {toCliError} from '../../../src/core/report.js'

const scratch = () => mkdtempSync(join(tmpdir(), 'groupme-json-'))
const asCounter = (value: unknown) => (isRecord(value) && typeof value.n === 'number' ? {n: value.n} : undefined)
const read = (path: string) => readJsonFile(path, asCounter, 'counter file', {remedy: 'remove it'})
const failure = (promise: Promise<unknown>) => promise.then(
  () => {
    throw new Error('expected a failure')
  },
  (error: unknown) => error as FileError,
)

describe('readJsonFile', () => {
  test('a missing file is undefined; a valid one is what validate gives', async () => {
    const dir = scratch()
    expect(await read(join(dir, 'none.json'))).toBeUndefined()
    expect(await read(join(dir, 'missing-dir', 'none.json'))).toBeUndefined()
    writeFileSync(join(dir, 'ok.json'), '{"n": 3, "extra": true}')
    expect(await read(join(dir, 'ok.json'))).toEqual({n: 3})
  })

  test.each([
    ['cut short', '{"n": 3', 'is not a counter file: it is not valid JSON (cut short?); remove it'],
    ['empty', '', 'is not a counter file: it is not valid JSON (cut short?); remove it'],
    ['of another shape', '{"n": "3"}', 'is not a counter file this version understands; remove it'],
  ])('a file %s is one line naming it, exit 2', async (_, text, said) => {
    const file = join(scratch(), 'c.json')
    writeFileSync(file, text)
    const error = await failure(read(file))
    expect(error).toBeInstanceOf(FileError)
    expect(error.message).toBe(`${file} ${said}`)
    expect(error.exitCode).toBe(2)
  })

  test('a directory, a named pipe or a file too large to be one is refused without reading it', async () => {
    const dir = scratch()
    mkdirSync(join(dir, 'd.json'))
    expect((await failure(read(join(dir, 'd.json')))).message).toBe(`${join(dir, 'd.json')} is not a counter file but a directory; remove it`)
    execFileSync('mkfifo', [join(dir, 'p.json')])
    expect((await failure(read(join(dir, 'p.json')))).message).toContain('but a named pipe')
    // Sparse: 3 GiB that take no room, over readFile's 2 GiB limit.
    writeFileSync(join(dir, 'huge.json'), '')
    truncateSync(join(dir, 'huge.json'), 3 * 1024 ** 3)
    const huge = await failure(read(join(dir, 'huge.json')))
    expect(huge.message).toBe(`${join(dir, 'huge.json')} is not a counter file: it holds 3221225472 bytes; remove it`)
    expect(huge.exitCode).toBe(2)
  })

  test('a path through a file (ENOTDIR) is one line naming it', async () => {
    const dir = scratch()
    writeFileSync(join(dir, 'plain'), '')
    const error = await failure(read(join(dir, 'plain', 'c.json')))
    expect(error.message).toBe(`cannot read ${join(dir, 'plain', 'c.json')}: a part of the path is not a directory`)
  })

  test('parseJson and isRecord', () => {
    expect(parseJson('{"a":1}')).toEqual({ok: true, value: {a: 1}})
    expect(parseJson('{')).toEqual({ok: false})
    expect([{}, [], null, 'x'].map(isRecord)).toEqual([true, false, false, false])
  })
})

describe('fileFailure: the one map from file system errors to what the user reads', () => {
  const errno = (code: string, syscall: string, path: string, dest?: string) => Object.assign(new Error(`${code}: raw`), {code, syscall, path, dest})

  test.each([
    ['EACCES', 'open', 'cannot open /d/f: permission denied; check its permissions, or choose another path', 2],
    ['EROFS', 'mkdir', 'cannot create the directory /d/f: read-only file system; check its permissions, or choose another path', 2],
    ['EISDIR', 'open', 'cannot open /d/f: it is a directory', 2],
    ['ELOOP', 'stat', 'cannot look at /d/f: too many symbolic links', 2],
    ['ENOSPC', 'write', 'cannot write /d/f: no space left on the device; free some space and run it again', 1],
    ['EDQUOT', 'write', 'cannot write /d/f: disk quota exceeded; free some space and run it again', 1],
    ['EIO', 'read', 'cannot read /d/f: input/output error', 1],
    ['EEXIST', 'mkdir', 'cannot create the directory /d/f: a file that is not a directory is in the way', 2],
  ])('%s on %s', (code, syscall, message, exit) => {
    const mapped = fileFailure(errno(code, syscall, '/d/f'))!
    expect([mapped.message, mapped.exitCode, mapped.code]).toEqual([message, exit, 'file'])
  })

  test('a rename names the file replaced, not the temporary file; an explicit path and action win', () => {
    expect(fileFailure(errno('ENOSPC', 'rename', '/d/f.1.ab.tmp', '/d/f'))?.message).toContain('cannot replace /d/f:')
    expect(fileFailure(errno('EACCES', 'open', '/d/f.lock.1.ab.tmp'), {path: '/d/f.lock', action: 'create the lock file'})?.message).toMatch(
      /^cannot create the lock file \/d\/f.lock: permission denied/,
    )
  })

  test('anything else is left alone: no path, an unknown code, not an error', () => {
    expect(fileFailure(Object.assign(new Error('x'), {code: 'ENOSPC'}))).toBeUndefined()
    expect(fileFailure(errno('EPIPE', 'write', '/d/f'))).toBeUndefined()
    expect(fileFailure('ENOSPC')).toBeUndefined()
    expect(isMissing(errno('ENOENT', 'open', '/d/f'))).toBe(true)
  })

  test('toCliError maps a raw file system error anywhere to the one line, not "unexpected error"', () => {
    const mapped = toCliError(errno('ENOSPC', 'write', '/archive/alice.jsonl'), 'dm:export')
    expect(mapped.message).toBe('cannot write /archive/alice.jsonl: no space left on the device; free some space and run it again')
    expect(mapped.exitCode).toBe(1)
  })
})
