import {describe, expect, test} from '@jest/globals'
import {mkdtempSync, readdirSync, readFileSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {writeFileAtomic, writeJsonAtomic} from '../../../src/core/files.js'

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
