#!/usr/bin/env node
// Bundle the CLI (src/cli.ts, compiled by tsc to dist/) into dist/cli.js plus lazy chunks:
// one file to load at start-up instead of hundreds of modules. Measured in `npm run bench`.
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

await build({
  absWorkingDir: root,
  entryPoints: {cli: 'dist/cli.js'},
  outdir: 'dist',
  allowOverwrite: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  // oclif requires these only in development mode, to run TypeScript sources.
  external: ['typescript', 'ts-node', 'tsx'],
  // Bundled CommonJS packages (oclif) still call require().
  banner: {js: "import {createRequire as __createRequire} from 'node:module';const require=__createRequire(import.meta.url);"},
  plugins: [withoutHttp2Wrapper],
  logLevel: 'warning',
})
