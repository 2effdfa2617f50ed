#!/usr/bin/env node
// src/**/*.ts to dist/**/*.js, one file for one, as tsc would emit them but without checking types,
// for the scripts that import modules of the CLI in a plain Node (the bench's sandbox and transport
// figures, the demo, the screenshot). The CLI itself is bundled from src/ (scripts/bundle.js), not
// from these; `npm run compile` makes both.
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
  target: 'node22',
  // tsconfig.json's target (ES2022) makes class fields [[Define]] semantics, as tsc emits them.
  tsconfig: 'tsconfig.json',
  logLevel: 'warning',
})
