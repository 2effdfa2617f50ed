#!/usr/bin/env node
// Bundle the CLI (src/cli.ts, compiled by tsc to dist/) into one CommonJS file, dist/cli.cjs:
// one file to load at start-up instead of hundreds of modules, and one that src/boot.ts can
// compile with V8's code cache (scripts/code-cache.js). got, chalk, cli-table3, nanoid and the
// sandbox are in it too, evaluated only when first imported. Measured in `npm run bench`.
import {build} from 'esbuild'
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
  plugins: [withoutHttp2Wrapper, lazyBuiltins],
  logLevel: 'warning',
})
