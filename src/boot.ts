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
import {mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import Module, {createRequire} from 'node:module'
import {homedir} from 'node:os'
import {isAbsolute, join} from 'node:path'
import {Script} from 'node:vm'

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

/** Node's CommonJS loader, as far as registering a module that was compiled here needs it. */
type CjsModuleInternals = typeof Module & {
  _cache: Record<string, Module>
  _nodeModulePaths(directory: string): string[]
  wrap(source: string): string
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
 * the plugins goes through Node's loader. `env` is the process's environment (bin/run.cjs).
 */
export async function runCli(root: string, argv: string[], env: Env): Promise<void> {
  const cacheDir = cacheDirectory(env)
  if (needsPlugins(argv)) {
    if (cacheDir) enableNodeCompileCache(env.NODE_COMPILE_CACHE || join(cacheDir, 'node'))
    const cli = createRequire(join(root, BUNDLE))(join(root, BUNDLE)) as LoadedCli
    return cli.run(root, argv)
  }

  // `groupme mcp` requires the MCP SDK's chunk (dist/mcp-sdk.cjs, scripts/bundle.js) through Node's
  // loader: Node's own compile cache keeps its compiled code (docs/mcp.md, "Start-up").
  if (cacheDir && argv[0] === 'mcp') enableNodeCompileCache(env.NODE_COMPILE_CACHE || join(cacheDir, 'node'))
  const source = readFileSync(join(root, BUNDLE), 'utf8')
  const cacheFile = cacheDir && codeCacheFile(cacheDir, source)
  const cli = loadCompiled(root, source, cacheFile ? readIfPresent(cacheFile) : undefined)
  // A cache written under other V8 flags than a plain start's would be refused by every later
  // run; streamed output changes two flags while running (src/base/memory.ts).
  const flagsAtStart = cacheFile && !cli.cacheAccepted ? await v8FlagsTag() : undefined
  await cli.run(withoutPlugins(root), argv)
  if (cacheFile && flagsAtStart !== undefined && flagsAtStart === (await v8FlagsTag())) {
    saveCodeCache(cacheFile, cli.createCachedData())
  }
}

/** oclif's load options for our own commands: the package as it is, less its plugins. */
export function withoutPlugins(root: string): {root: string; pjson: PackageJson} {
  const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson
  return {root, pjson: {...pjson, oclif: {...pjson.oclif, plugins: []}}}
}

/**
 * The cache file for this Node and this bundle: `code-cache/<node>-<arch>-<bundle hash>.bin`.
 * Undefined for a bundle that does not name its hash (not built by scripts/bundle.js).
 */
export function codeCacheFile(cacheDir: string, bundleSource: string): string | undefined {
  const hash = BUNDLE_HASH.exec(bundleSource.slice(-64))?.[1]
  return hash && join(cacheDir, 'code-cache', `${cachePrefix()}${hash}.bin`)
}

function cachePrefix(): string {
  return `${process.version}-${process.arch}-`
}

/**
 * Compile the bundle with `cachedData` (V8 ignores a cache that does not match this Node, this
 * bundle or these V8 flags) and register it as the module it is, so oclif's `require` of the
 * commands target finds it loaded. Code compiled this way has no `import()`: the bundle uses none
 * on these paths (scripts/bundle.js).
 */
export function loadCompiled(root: string, source: string, cachedData: Buffer | undefined): LoadedCli {
  const file = join(root, BUNDLE)
  const dir = join(root, 'dist')
  const loader = Module as CjsModuleInternals
  const script = new Script(loader.wrap(source), {filename: file, cachedData})
  const module = new Module(file)
  module.filename = file
  module.paths = loader._nodeModulePaths(dir)
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dir)
  module.loaded = true
  loader._cache[file] = module
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
    for (const other of readdirSync(dir)) {
      if (other !== name && other.startsWith(cachePrefix()) && other.endsWith('.bin')) rmSync(join(dir, other), {force: true})
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
