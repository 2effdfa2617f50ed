/**
 * Start-up: load the bundled CLI (dist/cli.cjs, built by scripts/bundle.js) with V8's compiled
 * code for it from the user's cache directory, so a run skips most of compiling it.
 *
 * The compiled code only fits the Node build and the bundle that made it, so nothing is shipped:
 * the first run of each Node version and bundle writes it, after its command has run (so the
 * functions that command used are in it, compiled), and later runs hand it to V8, which checks
 * it and ignores one that does not fit; the CLI then runs as if there were none. Node 22.1 and
 * later also get `module.enableCompileCache()` for what Node's own loader compiles (oclif's
 * plugins, on the runs that need them). Node's cache is not used for the bundle: it holds only
 * what V8 compiles up front, a small part of this one, and start-up stays slower
 * (docs/decisions/0004-a-v8-code-cache-written-on-first-run-in-the-user-s-cache.md; `npm run bench`, S2).
 *
 * Not part of the bundle: bin/run.cjs requires this file, as CommonJS (dist/boot.cjs, made by
 * scripts/bundle.js), and it loads the bundle.
 */
import {mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import Module, {createRequire} from 'node:module'
import {homedir} from 'node:os'
import {isAbsolute, join} from 'node:path'
import {Script} from 'node:vm'
import {readGlobalFlags} from './core/global-flags.js'

export interface LoadedCli {
  run(load: unknown, argv: string[]): Promise<void>
  /** Whether V8 took the compiled code it was given (false when there was none). */
  cacheAccepted: boolean
  /** V8's compiled code for the bundle as it stands now. */
  createCachedData(): Buffer
}

interface PackageJson {
  oclif: {plugins?: string[]}
}

type Env = Record<string, string | undefined>

const BUNDLE = 'dist/cli.cjs'
/** The last line of the bundle names its content (scripts/bundle.js), so no run has to hash it. */
const BUNDLE_HASH = /\n\/\/ bundle-sha256:([\da-f]{16})\n?$/

/**
 * help is an oclif plugin written as ES modules, which only Node's own loader can import; so is
 * anything that starts with a flag. (`groupme`, `groupme help` alone and help topics are answered
 * by src/cli.ts without it, but go this way too: it costs nothing they notice.)
 */
export function needsPlugins(argv: string[]): boolean {
  const [first] = argv
  return first === undefined || first.startsWith('-') || first === 'help'
}

/**
 * Where compiled code is kept: `$XDG_CACHE_HOME/groupme`, else `~/.cache/groupme`; undefined when
 * `NODE_DISABLE_COMPILE_CACHE` is set, which turns off Node's compile cache and this one alike.
 * Read here, not with the CLI's other settings: this runs before the bundle is loaded.
 */
export function cacheDirectory(env: Env): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined
  const xdg = env.XDG_CACHE_HOME
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.cache')
  return join(base, 'groupme')
}

/**
 * Run the CLI. Our own commands run from the cached compiled code, with oclif's plugins left out
 * of the configuration (discovering them costs time and they are not used); anything that needs
 * the plugins goes through Node's loader, and so does a plain bundle (GROUPME_PLAIN_BUILD,
 * scripts/bundle.js) and a run under --debug, for which Node maps stack traces through the
 * bundle's source map to src/ files and functions. `env` is the process's environment (bin/run.cjs).
 */
export async function runCli(root: string, argv: string[], env: Env): Promise<void> {
  const cacheDir = cacheDirectory(env)
  const debug = readGlobalFlags(argv).debug
  if (debug) process.setSourceMapsEnabled(true)
  if (needsPlugins(argv)) {
    if (cacheDir) enableNodeCompileCache(env.NODE_COMPILE_CACHE || join(cacheDir, 'node'))
    return requireBundle(root).run(root, argv)
  }

  const source = readFileSync(join(root, BUNDLE), 'utf8')
  const bundleHash = bundleHashOf(source)
  // A plain bundle names no hash: it has none of the start-up tricks.
  if (bundleHash === undefined) return requireBundle(root).run(root, argv)
  // `groupme mcp` requires the MCP SDK's chunk (dist/mcp-sdk.cjs, scripts/bundle.js) through Node's
  // loader: Node's own compile cache keeps its compiled code (docs/mcp.md, "Start-up").
  if (cacheDir && argv[0] === 'mcp') enableNodeCompileCache(env.NODE_COMPILE_CACHE || join(cacheDir, 'node'))
  if (debug || !cacheDir) return requireBundle(root).run(withoutPlugins(root), argv)
  const cacheFile = codeCacheFile(cacheDir, realpathSync(root), bundleHash)
  const cli = loadCompiled(root, source, readIfPresent(cacheFile))
  // A cache written under other V8 flags than a plain start's would be refused by every later
  // run; streamed output changes two flags while running (src/base/memory.ts).
  const flagsAtStart = cli.cacheAccepted ? undefined : await v8FlagsTag()
  await cli.run(withoutPlugins(root), argv)
  if (flagsAtStart !== undefined && flagsAtStart === (await v8FlagsTag())) {
    saveCodeCache(cacheFile, cli.createCachedData())
  }
}

function requireBundle(root: string): Pick<LoadedCli, 'run'> {
  return createRequire(join(root, BUNDLE))(join(root, BUNDLE)) as Pick<LoadedCli, 'run'>
}

/** oclif's load options for our own commands: the package as it is, less its plugins. */
function withoutPlugins(root: string): {root: string; pjson: PackageJson} {
  const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson
  return {root, pjson: {...pjson, oclif: {...pjson.oclif, plugins: []}}}
}

/** The hash on the bundle's last line (scripts/bundle.js); undefined for a plain bundle. */
export function bundleHashOf(bundleSource: string): string | undefined {
  return BUNDLE_HASH.exec(bundleSource.slice(-64))?.[1]
}

/**
 * The cache file for this Node, this install and this bundle:
 * `code-cache/<node>-<arch>-<install>-<bundle hash>.bin`. The install is a hash of the package's
 * real path: V8's cache carries the script's file name, so two installs of the same bundle must
 * not share one (a stack trace from one would name the other's files).
 */
export function codeCacheFile(cacheDir: string, installPath: string, bundleHash: string): string {
  return join(cacheDir, 'code-cache', `${cachePrefix(installPath)}${bundleHash}.bin`)
}

function cachePrefix(installPath: string): string {
  return `${process.version}-${process.arch}-${fnv1a(installPath)}-`
}

/** A 32-bit FNV-1a hash, in hex: enough to tell installs apart, without loading node:crypto at start-up. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193)
  return (hash >>> 0).toString(16).padStart(8, '0')
}

/** CommonJS's wrapper, as Node's loader puts it around a module's source. */
export function wrapModule(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) { ${source}\n});`
}

/**
 * Compile the bundle with `cachedData` (V8 ignores a cache that does not match this Node, this
 * bundle or these V8 flags) and register it in `require.cache` as the module it is, so oclif's
 * `require` of the commands target finds it loaded. Code compiled this way has no `import()`: the
 * bundle uses none on these paths (scripts/bundle.js).
 */
function loadCompiled(root: string, source: string, cachedData: Buffer | undefined): LoadedCli {
  const file = join(root, BUNDLE)
  const require = createRequire(file)
  const script = new Script(wrapModule(source), {filename: file, cachedData})
  const module = new Module(file)
  module.filename = file
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void
  wrapper.call(module.exports, module.exports, require, module, file, join(root, 'dist'))
  module.loaded = true
  require.cache[file] = module
  const cli = module.exports as Pick<LoadedCli, 'run'>
  return {
    run: (load, argv) => cli.run(load, argv),
    cacheAccepted: cachedData !== undefined && !script.cachedDataRejected,
    createCachedData: () => script.createCachedData(),
  }
}

/**
 * Write the cache whole or not at all (a temporary file renamed over it), and remove this Node's
 * caches of other bundles, which no run will use again. A cache is an optimisation: when it cannot
 * be written (a read-only home, a full disk), the run has still done its work.
 */
function saveCodeCache(file: string, data: Buffer): void {
  const dir = join(file, '..')
  const temporary = `${file}.${process.pid}.tmp`
  try {
    mkdirSync(dir, {recursive: true, mode: 0o700})
    writeFileSync(temporary, data, {mode: 0o600})
    renameSync(temporary, file)
    const name = file.slice(dir.length + 1)
    const prefix = name.slice(0, name.lastIndexOf('-') + 1)
    for (const other of readdirSync(dir)) {
      if (other !== name && other.startsWith(prefix) && other.endsWith('.bin')) rmSync(join(dir, other), {force: true})
    }
  } catch {
    rmSync(temporary, {force: true})
  }
}

/** Node 22.1 and later: Node's own compile cache, for the modules its loader compiles. */
function enableNodeCompileCache(directory: string): void {
  const {enableCompileCache} = Module as {enableCompileCache?: (directory: string) => unknown}
  try {
    enableCompileCache?.(directory)
  } catch {
    // an optimisation only
  }
}

/** V8's tag for compiled code, which changes with its flags. Loaded only on runs that write a cache. */
async function v8FlagsTag(): Promise<number> {
  const {cachedDataVersionTag} = await import('node:v8')
  return cachedDataVersionTag()
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file)
  } catch {
    return undefined // not written yet: the bundle is compiled as usual, and this run writes it
  }
}
