/**
 * Start-up: load the bundled CLI (dist/cli.cjs, built by scripts/bundle.js) with V8's compiled
 * code from dist/cli.cache (scripts/code-cache.js), so a run skips most of compiling it. Node 20
 * has no compile cache of its own for modules (module.enableCompileCache() came in Node 22).
 * Measured in `npm run bench` (S2, S3).
 *
 * Not part of the bundle: bin/run.js imports this file, and it loads the bundle.
 */
import {readFileSync} from 'node:fs'
import Module, {createRequire} from 'node:module'
import {join} from 'node:path'
import {Script} from 'node:vm'

export interface LoadedCli {
  run(load: unknown, argv: string[]): Promise<void>
  /** V8's compiled code for the bundle as it stands now, for dist/cli.cache. */
  createCachedData?(): Buffer
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

const BUNDLE = 'dist/cli.cjs'
export const CODE_CACHE = 'dist/cli.cache'

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
 * Run the CLI. Our own commands run from the cached compiled code, with oclif's plugins left out
 * of the configuration (discovering them costs time and they are not used); anything that needs
 * the plugins goes through Node's loader.
 */
export async function runCli(root: string, argv: string[]): Promise<void> {
  if (needsPlugins(argv)) {
    const cli = createRequire(join(root, BUNDLE))(join(root, BUNDLE)) as LoadedCli
    return cli.run(root, argv)
  }

  const cli = loadCompiled(root, readCodeCache(root))
  return cli.run(withoutPlugins(root), argv)
}

/** oclif's load options for our own commands: the package as it is, less its plugins. */
export function withoutPlugins(root: string): {root: string; pjson: PackageJson} {
  const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson
  return {root, pjson: {...pjson, oclif: {...pjson.oclif, plugins: []}}}
}

/**
 * Compile the bundle with `cachedData` (V8 ignores a cache that does not match this Node or this
 * bundle) and register it as the module it is, so oclif's `require` of the commands target finds
 * it loaded. Code compiled this way has no `import()`: the bundle uses none on these paths.
 */
export function loadCompiled(root: string, cachedData: Buffer | undefined): LoadedCli {
  const file = join(root, BUNDLE)
  const dir = join(root, 'dist')
  const loader = Module as CjsModuleInternals
  const script = new Script(loader.wrap(readFileSync(file, 'utf8')), {filename: file, cachedData})
  const module = new Module(file)
  module.filename = file
  module.paths = loader._nodeModulePaths(dir)
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dir)
  module.loaded = true
  loader._cache[file] = module
  const cli = module.exports as LoadedCli
  return {run: (load, argv) => cli.run(load, argv), createCachedData: () => script.createCachedData()}
}

function readCodeCache(root: string): Buffer | undefined {
  try {
    return readFileSync(join(root, CODE_CACHE))
  } catch {
    return undefined // not built: the bundle is compiled as usual
  }
}
