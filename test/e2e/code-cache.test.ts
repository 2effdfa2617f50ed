import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {runCli} from './helpers/cli.js'

const root = fileURLToPath(new URL('../..', import.meta.url))

/**
 * The start-up code cache (src/boot.ts) is written by the first run into the user's cache
 * directory and handed to V8 by later runs. V8 ignores a cache that does not fit silently, and the
 * CLI still works, only slower; so check that the one written is one V8 takes.
 */
describe('the code cache in the user cache directory', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await startSandbox()
  })
  afterAll(async () => {
    await sandbox.close()
  })

  const freshCache = () => mkdtempSync(join(tmpdir(), 'groupme-cache-'))
  const cacheFiles = (cacheHome: string) => {
    const dir = join(cacheHome, 'groupme', 'code-cache')
    try {
      return readdirSync(dir).map((name) => join(dir, name))
    } catch {
      return []
    }
  }

  /** In a plain node process: does V8 take this file as compiled code for dist/cli.cjs? */
  const acceptedByV8 = (file: string) => {
    const check = `
      const {readFileSync} = require('node:fs')
      const {wrap} = require('node:module')
      const {Script} = require('node:vm')
      const [bundle, cache] = process.argv.slice(1)
      const script = new Script(wrap(readFileSync(bundle, 'utf8')), {filename: bundle, cachedData: readFileSync(cache)})
      process.stdout.write(String(!script.cachedDataRejected))`
    const result = spawnSync(process.execPath, ['-e', check, join(root, 'dist/cli.cjs'), file], {encoding: 'utf8', env: {PATH: process.env.PATH}})
    expect(result.stderr).toBe('')
    return result.stdout === 'true'
  }

  test('the first run writes one for this Node and this bundle, which V8 accepts; the next run uses it', async () => {
    const cacheHome = freshCache()
    const first = await runCli(['chats', 'list', '--json'], {sandbox, env: {XDG_CACHE_HOME: cacheHome}})
    expect(first.code).toBe(0)
    const files = cacheFiles(cacheHome)
    expect(files).toHaveLength(1)
    expect(files[0]).toMatch(new RegExp(`/v${process.versions.node}-${process.arch}-[\\da-f]{16}\\.bin$`))
    expect(acceptedByV8(files[0])).toBe(true)

    // A cache that V8 refused would be written again.
    const written = statSync(files[0]).mtimeMs
    const second = await runCli(['dm', 'list', '@Alice', '--json'], {sandbox, env: {XDG_CACHE_HOME: cacheHome}})
    expect(second.code).toBe(0)
    expect(statSync(files[0]).mtimeMs).toBe(written)
  })

  test('a damaged cache is ignored, the command works, and the cache is written again', async () => {
    const cacheHome = freshCache()
    await runCli(['chats', 'list', '--json'], {sandbox, env: {XDG_CACHE_HOME: cacheHome}})
    const [file] = cacheFiles(cacheHome)
    writeFileSync(file, readFileSync(file).subarray(0, 1000))

    const result = await runCli(['chats', 'list', '--json'], {sandbox, env: {XDG_CACHE_HOME: cacheHome}})
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).not.toHaveLength(0)
    expect(acceptedByV8(file)).toBe(true)
  })

  test('a streamed run, which changes V8 flags, writes none (V8 would refuse it at every start)', async () => {
    const cacheHome = freshCache()
    const result = await runCli(['dm', 'list', '@Alice', '--all', '--jsonl'], {sandbox, env: {XDG_CACHE_HOME: cacheHome}})
    expect(result.code).toBe(0)
    expect(cacheFiles(cacheHome)).toEqual([])
  })

  test('NODE_DISABLE_COMPILE_CACHE turns it off', async () => {
    const cacheHome = freshCache()
    const result = await runCli(['chats', 'list', '--json'], {sandbox, env: {XDG_CACHE_HOME: cacheHome, NODE_DISABLE_COMPILE_CACHE: '1'}})
    expect(result.code).toBe(0)
    expect(cacheFiles(cacheHome)).toEqual([])
  })
})
