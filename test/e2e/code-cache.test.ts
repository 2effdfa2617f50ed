import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {spawn, spawnSync} from 'node:child_process'
import {cpSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {wrapModule} from '../../src/boot.js'
import {type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {finished, runCli} from './helpers/cli.js'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** GROUPME_PLAIN_BUILD=1 (scripts/bundle.js): a bundle without the start-up tricks, the code cache among them. */
const plainBuild = process.env.GROUPME_PLAIN_BUILD === '1'

/**
 * The start-up code cache (src/boot.ts) is written by the first run into the user's cache
 * directory and handed to V8 by later runs. V8 ignores a cache that does not fit silently, and the
 * CLI still works, only slower; so check that the one written is one V8 takes.
 */
;(plainBuild ? describe.skip : describe)('the code cache in the user cache directory', () => {
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
    const bundle = join(root, 'dist/cli.cjs')
    const wrapped = join(mkdtempSync(join(tmpdir(), 'groupme-wrapped-')), 'cli.cjs')
    writeFileSync(wrapped, wrapModule(readFileSync(bundle, 'utf8')))
    const check = `
      const {readFileSync} = require('node:fs')
      const {Script} = require('node:vm')
      const [bundle, wrapped, cache] = process.argv.slice(1)
      const script = new Script(readFileSync(wrapped, 'utf8'), {filename: bundle, cachedData: readFileSync(cache)})
      process.stdout.write(String(!script.cachedDataRejected))`
    const result = spawnSync(process.execPath, ['-e', check, bundle, wrapped, file], {encoding: 'utf8', env: {PATH: process.env.PATH}})
    expect(result.stderr).toBe('')
    return result.stdout === 'true'
  }

  test('the first run writes one for this Node and this bundle, which V8 accepts; the next run uses it', async () => {
    const cacheHome = freshCache()
    const first = await runCli(['chats', 'list', '--json'], {sandbox, env: {XDG_CACHE_HOME: cacheHome}})
    expect(first.code).toBe(0)
    const files = cacheFiles(cacheHome)
    expect(files).toHaveLength(1)
    expect(files[0]).toMatch(new RegExp(`/v${process.versions.node}-${process.arch}-[\\da-f]{8}-[\\da-f]{16}\\.bin$`))
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

  test('two installs of the same bundle keep a cache each, and each keeps its own', async () => {
    const cacheHome = freshCache()
    // A second install: the same files at another path, as a second `npm install -g --prefix` makes.
    const other = mkdtempSync(join(tmpdir(), 'groupme-install-'))
    for (const path of ['bin', 'dist', 'package.json', 'oclif.manifest.json']) cpSync(join(root, path), join(other, path), {recursive: true})
    symlinkSync(join(root, 'node_modules'), join(other, 'node_modules'))
    expect((await runCli(['chats', 'list', '--json'], {sandbox, env: {XDG_CACHE_HOME: cacheHome}})).code).toBe(0)
    const env = {PATH: process.env.PATH, HOME: cacheHome, NODE_ENV: 'production', XDG_CACHE_HOME: cacheHome, ...sandbox.env}
    const child = spawn(process.execPath, [join(other, 'bin/run.cjs'), 'chats', 'list', '--json'], {env, stdio: ['pipe', 'pipe', 'pipe']})
    child.stdin.end()
    expect((await finished(child)).code).toBe(0)
    const files = cacheFiles(cacheHome)
    expect(files).toHaveLength(2)
    expect(files.map((file) => file.replace(/-[\da-f]{8}-/, '-'))).toEqual([files[0].replace(/-[\da-f]{8}-/, '-'), files[0].replace(/-[\da-f]{8}-/, '-')])
  })

  test('NODE_DISABLE_COMPILE_CACHE turns it off', async () => {
    const cacheHome = freshCache()
    const result = await runCli(['chats', 'list', '--json'], {sandbox, env: {XDG_CACHE_HOME: cacheHome, NODE_DISABLE_COMPILE_CACHE: '1'}})
    expect(result.code).toBe(0)
    expect(cacheFiles(cacheHome)).toEqual([])
  })
})

;(plainBuild ? describe : describe.skip)('a plain build (GROUPME_PLAIN_BUILD=1)', () => {
  test('writes no code cache', async () => {
    const sandbox = await startSandbox()
    try {
      const cacheHome = mkdtempSync(join(tmpdir(), 'groupme-cache-'))
      const result = await runCli(['chats', 'list', '--json'], {sandbox, env: {XDG_CACHE_HOME: cacheHome}})
      expect(result.code).toBe(0)
      expect(readdirSync(cacheHome)).toEqual([])
    } finally {
      await sandbox.close()
    }
  })
})
