#!/usr/bin/env node
// Write dist/cli.cache: V8's compiled code for dist/cli.cjs, which src/boot.ts hands to V8 so a
// run skips most of compiling the bundle. The code is taken after a few typical commands have
// run against the sandbox, so the functions they use are in it, compiled. Measured in
// `npm run bench` (S2, S3). Run after scripts/bundle.js; `npm run compile` does both.
//
//   node scripts/code-cache.js            trains in a child process (its output is not wanted)
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

if (process.argv[2] !== '--train') {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--train'], {stdio: ['ignore', 'ignore', 'inherit']})
  process.exit(child.status ?? 1)
}

const [{loadCompiled, withoutPlugins, CODE_CACHE}, {startSandbox, BENCH_PARTNER}] = await Promise.all([
  import('../dist/boot.js'),
  import('../dist/sandbox/index.js'),
])
const configDir = mkdtempSync(join(tmpdir(), 'groupme-code-cache-'))
const sandbox = await startSandbox({messages: 250})
Object.assign(process.env, sandbox.env, {GROUPME_CONFIG_DIR: configDir, GROUPME_MAX_RPS: '0'})
try {
  const cli = loadCompiled(root, undefined)
  const load = withoutPlugins(root)
  const partner = BENCH_PARTNER.id
  // --json only: streamed output (--jsonl, plain) sets V8 flags (src/core/memory.ts), and V8
  // refuses a code cache made under other flags than its own. test/e2e/code-cache.test.ts checks.
  const training = [
    ['chats', 'list', '--json'],
    ['dm', 'list', partner, '--all', '--json'],
    ['dm', 'list', partner, '--limit', '3', '--json'],
    ['dm', 'send', partner, 'hi', '--dry-run', '--json'],
  ]
  for (const argv of training) {
    await cli.run(load, argv)
    if (process.exitCode) throw new Error(`code cache: \`groupme ${argv.join(' ')}\` failed (exit ${process.exitCode})`)
  }

  writeFileSync(join(root, CODE_CACHE), cli.createCachedData())
} finally {
  await sandbox.close()
  rmSync(configDir, {recursive: true, force: true})
}
