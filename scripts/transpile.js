#!/usr/bin/env node
// src/**/*.ts to dist/**/*.js, one file for one, as tsc would emit them but without checking types:
// `npm run typecheck` checks src and test together, so `npm run compile` need not check src again
// (about 6 s less on every `npm test` and `npm run demo`). scripts/bundle.js then bundles dist/cli.js.
import {build} from 'esbuild'
import {readdirSync} from 'node:fs'
import {join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const src = join(root, 'src')
const sources = readdirSync(src, {recursive: true, encoding: 'utf8'})
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
  .map((file) => relative(root, join(src, file)))

await build({
  absWorkingDir: root,
  entryPoints: sources,
  outdir: 'dist',
  outbase: 'src',
  bundle: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // tsconfig.json's target (ES2022) makes class fields [[Define]] semantics, as tsc emits them.
  tsconfig: 'tsconfig.json',
  logLevel: 'warning',
})
