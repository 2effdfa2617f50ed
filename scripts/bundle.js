#!/usr/bin/env node
// Bundle the CLI (src/cli.ts, compiled by tsc to dist/) into one CommonJS file, dist/cli.cjs:
// one file to load at start-up instead of hundreds of modules, and one that src/boot.ts can
// compile with V8's code cache (scripts/code-cache.js). got, string-width, nanoid and the
// sandbox are in it too, evaluated only when first imported. Measured in `npm run bench`.
import {build} from 'esbuild'
import {readFile} from 'node:fs/promises'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

/**
 * got imports http2-wrapper, which builds a TLS socket at import time (about 25 ms, more with
 * NODE_EXTRA_CA_CERTS). It is only used with got's `http2: true`, which this CLI never sets.
 */
const withoutHttp2Wrapper = {
  name: 'without-http2-wrapper',
  setup(esbuild) {
    esbuild.onResolve({filter: /^http2-wrapper$/}, () => ({path: 'http2-wrapper', namespace: 'stub'}))
    esbuild.onLoad({filter: /.*/, namespace: 'stub'}, () => ({contents: 'export default {}', loader: 'js'}))
  },
}

/**
 * `import('node:http')` would stay an `import()` in the bundle, and code compiled with a code
 * cache (src/boot.ts) cannot run one. A lazily evaluated `require()` does the same job.
 */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(esbuild) {
    esbuild.onResolve({filter: /^node:/}, (args) => (args.kind === 'dynamic-import' ? {path: args.path, namespace: 'lazy-builtin'} : undefined))
    esbuild.onLoad({filter: /.*/, namespace: 'lazy-builtin'}, (args) => ({contents: `module.exports = require(${JSON.stringify(args.path)})`, loader: 'js'}))
  },
}

/**
 * Two dependencies do something costly at start-up that this CLI never needs. Each first use of
 * an Intl service loads ICU data for it, about 10 ms each on the machines here (`npm run bench`,
 * S2). The build fails if a patch no longer matches, so an upgrade cannot drop one silently.
 */
const PATCHES = [
  {
    // Only for the text of a failed type assertion; built when first needed instead.
    file: '@sindresorhus/is/distribution/index.js',
    replacements: [
      [
        "const andFormatter = new Intl.ListFormat('en', { style: 'long', type: 'conjunction' });",
        "const andFormatter = {format: (list) => new Intl.ListFormat('en', {style: 'long', type: 'conjunction'}).format(list)};",
      ],
      [
        "const orFormatter = new Intl.ListFormat('en', { style: 'long', type: 'disjunction' });",
        "const orFormatter = {format: (list) => new Intl.ListFormat('en', {style: 'long', type: 'disjunction'}).format(list)};",
      ],
    ],
  },
  {
    // oclif sorts each plugin's command ids at every start with a locale-aware collator. Command
    // ids are ASCII, lowercase letters and ':', for which code-unit order is the same order.
    file: '@oclif/core/lib/config/plugin.js',
    replacements: [['.sort((a, b) => a.id.localeCompare(b.id));', '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));']],
  },
]

const patched = new Set()
const patchDependencies = {
  name: 'patch-dependencies',
  setup(esbuild) {
    for (const {file, replacements} of PATCHES) {
      const filter = new RegExp(`node_modules/${file.replaceAll(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`)
      esbuild.onLoad({filter}, async (args) => {
        let contents = await readFile(args.path, 'utf8')
        for (const [from, to] of replacements) {
          if (!contents.includes(from)) throw new Error(`patch for ${file} no longer matches: ${from}`)
          contents = contents.replace(from, to)
        }

        patched.add(file)
        return {contents, loader: 'js'}
      })
    }
  },
}

/**
 * Two dependencies stay out of the bundle and are required from node_modules only when first used:
 * jq-wasm (--jq), which finds its jq.wasm next to itself there (docs/decisions.md, "--jq: ship it
 * on jq-wasm"), and better-sqlite3 (the archive where node:sqlite is missing, a native addon:
 * src/lib/archive/sqlite.ts).
 */
const lazyExternals = {
  name: 'lazy-externals',
  setup(esbuild) {
    esbuild.onResolve({filter: /^(jq-wasm|better-sqlite3)$/}, (args) => (args.kind === 'dynamic-import' ? {path: args.path, namespace: 'lazy-external'} : {path: args.path, external: true}))
    esbuild.onLoad({filter: /.*/, namespace: 'lazy-external'}, (args) => ({contents: `module.exports = require(${JSON.stringify(args.path)})`, loader: 'js'}))
  },
}

await build({
  absWorkingDir: root,
  entryPoints: ['dist/cli.js'],
  outfile: 'dist/cli.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  // oclif requires these only in development mode, to run TypeScript sources.
  external: ['typescript', 'ts-node', 'tsx'],
  plugins: [withoutHttp2Wrapper, lazyBuiltins, lazyExternals, patchDependencies],
  logLevel: 'warning',
})

const unused = PATCHES.filter(({file}) => !patched.has(file))
if (unused.length > 0) throw new Error(`patches for files no longer in the bundle: ${unused.map(({file}) => file).join(', ')}`)
