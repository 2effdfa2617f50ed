import {describe, expect, test} from '@jest/globals'
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {removeStaleTemporaries, removeStaleTemporariesIn, writeFileAtomic, writeJsonAtomic} from '../../../src/base/files.js'

const scratch = () => mkdtempSync(join(tmpdir(), 'groupme-files-'))

describe('writeFileAtomic', () => {
  test('a write that fails part-way leaves the old content whole and no temporary file', async () => {
    const dir = scratch()
    const file = join(dir, 'state.json')
    await writeJsonAtomic(file, {n: 1})
    // Not writable data: the write fails after the temporary file was opened.
    await expect(writeFileAtomic(file, 42 as unknown as string)).rejects.toThrow()
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({n: 1})
    expect(readdirSync(dir)).toEqual(['state.json'])
  })

  test('creates missing directories and applies the mode to the new file', async () => {
    const file = join(scratch(), 'a', 'b', 'secret.json')
    await writeJsonAtomic(file, {token: 'x'}, {mode: 0o600})
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({token: 'x'})
  })

  test('writes bytes as they are', async () => {
    const file = join(scratch(), 'image.png')
    const bytes = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 255])
    await writeFileAtomic(file, bytes)
    expect([...readFileSync(file)]).toEqual([...bytes])
  })
})

describe('removeStaleTemporariesIn', () => {
  test('removes the temporary files of dead writers whose name it owns, nothing else', async () => {
    const dir = scratch()
    const dead = spawnSync(process.execPath, ['-e', '']).pid!
    const names = [
      `118-0.jpg.${dead}.0a1b2c3d.tmp`, // an image a killed export was writing: removed
      `118-0.jpg.${process.ppid}.0a1b2c3d.tmp`, // its writer runs: kept
      `holiday.jpg.${dead}.0a1b2c3d.tmp`, // not a name of ours: kept
      '118-1.jpg',
    ]
    for (const name of names) writeFileSync(join(dir, name), 'x')
    await removeStaleTemporariesIn(dir, (name) => /^\d+-\d+\.\w+$/.test(name))
    expect(readdirSync(dir).sort()).toEqual(names.slice(1).sort())
  })

  test('beside a file whose name has spaces, its own temporaries go', async () => {
    const dir = scratch()
    const dead = spawnSync(process.execPath, ['-e', '']).pid!
    writeFileSync(join(dir, `my chat.jsonl.checkpoint.json.${dead}.0a1b2c3d.tmp`), 'x')
    await removeStaleTemporaries(join(dir, 'my chat.jsonl'))
    expect(readdirSync(dir)).toEqual([])
  })
})
