// Bundle the CLI, src/cli.ts and what it imports, straight from the TypeScript sources into one
// CommonJS file, dist/cli.cjs, with its source map (dist/cli.cjs.map): one file to load at start-up
// instead of hundreds of modules, and one that src/boot.ts can compile with V8's code cache.
// Identifiers are not minified, so classes and functions keep their names, and the map ships: under
// --debug a stack trace names src/ files, classes and functions (src/boot.ts turns Node's source
// maps on for --debug). Types are not checked here: `npm run typecheck` does that for src and test together.
//
// The start-up tricks below (stubs, patches, modules loaded on first use, commands evaluated when
// first read, the code cache) are on unless GROUPME_PLAIN_BUILD=1: then the bundle is plain
// esbuild output, and src/boot.ts loads it with Node's require and no cache. CI runs the test
// suite both ways (.ci/run). Each trick is measured in its decision (docs/decisions/0003 to 0005).
//
// Its last line names its content (`// bundle-sha256:<16 hex>`), plain builds excepted: src/boot.ts
// keys the code cache by it without hashing a megabyte at every start.
import {createHash} from 'node:crypto'
import {build} from 'esbuild'
import {readdirSync} from 'node:fs'
import {readFile, writeFile} from 'node:fs/promises'
import {createRequire} from 'node:module'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

/**
 * got imports http2-wrapper, which builds a TLS socket at import time (the cost is measured in
 * docs/decisions/0002-one-esbuild-bundle-dependencies-evaluated-when-first-used.md). It is only used with
 * got's `http2: true`, which this CLI never sets.
 */
const withoutHttp2Wrapper = {
  name: 'without-http2-wrapper',
  setup(esbuild) {
    esbuild.onResolve({filter: /^http2-wrapper$/}, () => ({path: 'http2-wrapper', namespace: 'stub'}))
    esbuild.onLoad({filter: /.*/, namespace: 'stub'}, () => ({contents: 'export default {}', loader: 'js'}))
  },
}

/**
 * Node's own modules that dependencies import at load but this CLI's commands rarely or never use
 * (oclif: child_process, readline, perf_hooks; got: zlib, only for compressed answers; our
 * confirmation prompt: readline/promises; retries: timers/promises; --match: worker_threads).
 * Each costs time at every start-up (docs/decisions/0005-dependency-patches-and-node-s-modules-loaded-on-first-use.md,
 * with the figures). In the bundle each is an object whose
 * properties load the real module on first use; the names are those of the Node that builds, and
 * a name a later Node lacks is undefined as it would be.
 */
const LAZY_BUILTINS = ['child_process', 'readline', 'readline/promises', 'perf_hooks', 'zlib', 'timers/promises', 'worker_threads']

/** A module whose `import()` becomes a `require()` evaluated when the import runs. */
function requiredWhenImported(args) {
  return {contents: `module.exports = require(${JSON.stringify(args.path)})`, loader: 'js'}
}

/**
 * `import('node:http')` would stay an `import()` in the bundle, and code compiled with a code
 * cache (src/boot.ts) cannot run one. A lazily evaluated `require()` does the same job. And
 * LAZY_BUILTINS, loaded when first used.
 */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(esbuild) {
    esbuild.onResolve({filter: /^node:/}, (args) => (args.kind === 'dynamic-import' ? {path: args.path, namespace: 'lazy-builtin'} : undefined))
    esbuild.onLoad({filter: /.*/, namespace: 'lazy-builtin'}, requiredWhenImported)
    const onFirstUse = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`)
    esbuild.onResolve({filter: onFirstUse}, (args) => {
      // The real module, from inside its stand-in.
      if (args.namespace === 'builtin-on-first-use') return {path: args.path, external: true}
      return args.kind === 'dynamic-import' ? undefined : {path: `node:${args.path.replace(/^node:/, '')}`, namespace: 'builtin-on-first-use'}
    })
    esbuild.onLoad({filter: /.*/, namespace: 'builtin-on-first-use'}, (args) => ({contents: loadedOnFirstUse(args.path), loader: 'js'}))
  },
}

/** A stand-in for a built-in module: each property loads the module when first read. */
function loadedOnFirstUse(name) {
  const names = Object.keys(createRequire(import.meta.url)(name))
  return `let loaded
const load = () => (loaded ??= require(${JSON.stringify(name)}))
for (const name of ${JSON.stringify(names)}) Object.defineProperty(exports, name, {get: () => load()[name], enumerable: true})
`
}

/**
 * Dependencies that do something costly at start-up that this CLI never needs: each first use of
 * an Intl service loads ICU data for it, and taking `execFile` loads child_process. Measured in
 * docs/decisions/0005-dependency-patches-and-node-s-modules-loaded-on-first-use.md. The build fails if a patch no longer matches, so an upgrade cannot drop one silently.
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
  // oclif imports wsl-utils at every start (is this WSL?); it and powershell-utils, which it
  // imports, take child_process's execFile at import, which loads child_process (lazy here, see
  // lazyBuiltins). Only their WSL and PowerShell helpers use it, never called on Linux or macOS.
  ...['wsl-utils/index.js', 'powershell-utils/index.js'].map((file) => ({
    file,
    replacements: [['const execFile = promisify(childProcess.execFile);', 'const execFile = (...args) => promisify(childProcess.execFile)(...args);']],
  })),
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
 * Two dependencies stay out of the bundle and are required from node_modules only when first
 * used: jq-wasm (--jq), which finds its jq.wasm next to itself there (docs/decisions/0009-jq-ship-it-on-jq-wasm-3-0-0-jq-1-8-2-real-jq-in-webassembly.md), and faye (dm watch's push client, and the sandbox's push server),
 * which with tough-cookie and its public-suffix data would more than double the bundle every
 * command loads, for one command.
 */
const lazyExternals = {
  name: 'lazy-externals',
  setup(esbuild) {
    esbuild.onResolve({filter: /^(jq-wasm|faye)$/}, (args) => (args.kind === 'dynamic-import' ? {path: args.path, namespace: 'lazy-external'} : {path: args.path, external: true}))
    esbuild.onLoad({filter: /.*/, namespace: 'lazy-external'}, requiredWhenImported)
  },
}

/**
 * The MCP SDK and zod, which only `groupme mcp` uses, are a chunk of their own, dist/mcp-sdk.cjs
 * (built below from src/lib/mcp/sdk.ts): src/lib/mcp/server.ts's `import('./sdk.js')` becomes a
 * require of that file when the import runs, so the bundle every command loads stays as it was.
 */
const mcpChunk = {
  name: 'mcp-chunk',
  setup(esbuild) {
    const fromServer = path.join(root, 'src', 'lib', 'mcp', 'server.ts')
    esbuild.onResolve({filter: /^\.\/sdk\.js$/}, (args) =>
      args.kind === 'dynamic-import' && args.importer === fromServer ? {path: './mcp-sdk.cjs', namespace: 'lazy-external'} : undefined,
    )
    esbuild.onResolve({filter: /^\.\/mcp-sdk\.cjs$/}, (args) => ({path: args.path, external: true}))
  },
}

/**
 * src/commands.ts imports every command, so that the tests and `bin/dev.js` can run any of them.
 * In the bundle its place is taken by a map whose entries `require` their command's module when
 * first read: a run evaluates only the command it runs, not all of them and the libraries each one
 * imports (docs/decisions/0003-commands-loaded-when-first-read.md). oclif reads the ids from
 * oclif.manifest.json and then only the entry it runs. The map is made from the files in
 * src/commands/, whose paths are the ids (oclif's own rule; test/e2e/manifest.test.ts checks that
 * the bundle's ids are src/commands.ts's).
 */
const lazyCommands = {
  name: 'lazy-commands',
  setup(esbuild) {
    const cli = path.join(root, 'src', 'cli.ts')
    esbuild.onResolve({filter: /^\.\/commands\.js$/}, (args) => (args.importer === cli ? {path: 'commands', namespace: 'lazy-commands'} : undefined))
    esbuild.onLoad({filter: /.*/, namespace: 'lazy-commands'}, () => {
      const files = readdirSync(path.join(root, 'src', 'commands'), {recursive: true, encoding: 'utf8'})
        .filter((file) => file.endsWith('.ts'))
        .map((file) => file.split(path.sep).join('/'))
        .sort()
      const getters = files.map((file) => `  ${JSON.stringify(file.slice(0, -3).replaceAll('/', ':'))}: {enumerable: true, get: () => require(${JSON.stringify(`./commands/${file}`)}).default},`)
      return {contents: `export const COMMANDS = Object.defineProperties({}, {\n${getters.join('\n')}\n})\n`, resolveDir: path.join(root, 'src'), loader: 'js'}
    })
  },
}

/** GROUPME_PLAIN_BUILD=1: no start-up trick, for CI's second run of the tests and for measuring them. */
const plain = process.env.GROUPME_PLAIN_BUILD === '1'

const {outputFiles} = await build({
  absWorkingDir: root,
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node22',
  // tsconfig.json's target (ES2022) makes class fields [[Define]] semantics, as tsc emits them.
  tsconfig: 'tsconfig.json',
  // Whitespace and syntax minified, identifiers kept: a stack trace names our classes and functions,
  // and oclif's error classes keep theirs (src/core/parse-errors.ts). Not esbuild's keepNames: its
  // __name calls cost CPU at every start (docs/decisions/0070-a-plain-build-names-a-source-map-one-switch.md).
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  sourcesContent: false,
  // oclif requires these only in development mode, to run TypeScript sources; jq-wasm and faye
  // stay in node_modules (lazyExternals).
  external: ['typescript', 'ts-node', 'tsx', ...(plain ? ['jq-wasm', 'faye'] : [])],
  plugins: plain ? [] : [withoutHttp2Wrapper, lazyBuiltins, lazyExternals, mcpChunk, lazyCommands, patchDependencies],
  logLevel: 'warning',
  write: false,
})

const unused = plain ? [] : PATCHES.filter(({file}) => !patched.has(file))
if (unused.length > 0) throw new Error(`patches for files no longer in the bundle: ${unused.map(({file}) => file).join(', ')}`)

// The MCP chunk (see mcpChunk): loaded by `groupme mcp` alone, beside dist/cli.cjs; in a plain build the SDK is in the bundle.
if (!plain) {
  await build({absWorkingDir: root, entryPoints: ['src/lib/mcp/sdk.ts'], outfile: 'dist/mcp-sdk.cjs', bundle: true, format: 'cjs', platform: 'node', target: 'node22', tsconfig: 'tsconfig.json', minify: true, logLevel: 'warning'})
}

// src/boot.ts as CommonJS too: bin/run.cjs requires it, and Node runs a CommonJS entry without
// starting its ES module loader, which every start would pay for (docs/decisions/0002-one-esbuild-bundle-dependencies-evaluated-when-first-used.md;
// `npm run bench`, S1).
await build({absWorkingDir: root, entryPoints: ['src/boot.ts'], outfile: 'dist/boot.cjs', bundle: true, format: 'cjs', platform: 'node', target: 'node22', tsconfig: 'tsconfig.json', logLevel: 'warning'})

for (const {path: file, text} of outputFiles) {
  const hash = !plain && file.endsWith('.cjs') ? `// bundle-sha256:${createHash('sha256').update(text).digest('hex').slice(0, 16)}\n` : ''
  await writeFile(file, text + hash)
}
