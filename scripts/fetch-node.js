#!/usr/bin/env node
// A Node binary of another major version, for CI's matrix (.ci/run) and the bench's side-by-side
// start-up figures: the npm registry ships Node itself as the `node` package, installed the first
// time into .cache/node/<major> (gitignored) and reused after.
//
//   node scripts/fetch-node.js 24        prints the path of its `node` binary
import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

/** The path of a Node `major` binary, installed into .cache/node/<major> when not there yet. */
export function nodeBinary(major) {
  if (!/^\d+$/.test(String(major))) throw new Error(`a Node major version is a number, not ${major}`)
  const prefix = join(root, '.cache', 'node', String(major))
  const binary = join(prefix, 'node_modules', 'node', 'bin', 'node')
  if (!existsSync(binary) || versionOf(binary)?.split('.')[0] !== `v${major}`) {
    const npm = spawnSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `node@${major}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    if (npm.status !== 0) throw new Error(`npm install node@${major} failed (exit ${npm.status})`)
  }

  const version = versionOf(binary)
  if (version?.split('.')[0] !== `v${major}`) throw new Error(`${binary} is ${version ?? 'not runnable'}, not Node ${major}`)
  return binary
}

function versionOf(binary) {
  const result = spawnSync(binary, ['--version'], {encoding: 'utf8'})
  return result.status === 0 ? result.stdout.trim() : undefined
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${nodeBinary(process.argv[2])}\n`)
}
