/**
 * The layer rules of docs/architecture.md, checked on the sources: who may import whom, and who
 * may touch the process's streams and environment.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {dirname, join, normalize, relative} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, test} from '@jest/globals'

const SRC = fileURLToPath(new URL('../../src', import.meta.url))

interface Source {
  /** Relative to src/, e.g. 'core/io.ts'. */
  path: string
  /** The code without its comments. */
  code: string
  /** What it imports, relative to src/; `dynamic` for import(). */
  imports: Array<{target: string; typeOnly: boolean; dynamic: boolean}>
}

function sources(directory = SRC): Source[] {
  return readdirSync(directory, {withFileTypes: true}).flatMap((entry) => {
    const file = join(directory, entry.name)
    if (entry.isDirectory()) return sources(file)
    // Declarations (types/*.d.ts) describe third-party modules and import nothing of ours.
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.d.ts')) return []
    const text = readFileSync(file, 'utf8')
    const code = text.replaceAll(/\/\*[\s\S]*?\*\//g, '').replaceAll(/^\s*\/\/.*$/gm, '')
    const imports = [...code.matchAll(/(import type |import |export (?:type )?)?[^'"\n]*?(?:from |import\()'(\.[^']+)'/g)].map((match) => ({
      target: relative(SRC, normalize(join(dirname(file), match[2]))).replace(/\.js$/, '.ts'),
      typeOnly: match[1] === 'import type ' || match[1] === 'export type ',
      dynamic: match[0].includes('import('),
    }))
    return [{path: relative(SRC, file), code, imports}]
  })
}

const ALL = sources()
/** The top folder under src/ a file belongs to; a file directly in src/ is the entry (boot, cli, the command list). */
const layer = (path: string) => (path.includes('/') ? path.split('/')[0] : 'entry')
const offenders = (rule: (source: Source) => string[]) => ALL.flatMap(rule)

/**
 * docs/architecture.md, "Layers": from the bottom up. A file imports from its own layer or from one
 * below it, never from one above or beside it. help/ (the help text oclif shows) sits beside core/
 * and imports neither. sandbox/ stands apart and is checked by the tests after these.
 */
const ORDER = [['base'], ['api'], ['output'], ['core', 'help'], ['lib'], ['commands'], ['entry']]
const rank = (name: string) => ORDER.findIndex((layers) => layers.includes(name))

/** Each circle of the import graph (type-only and dynamic imports count), as its files in order. */
function circles(): string[][] {
  const edges = new Map(ALL.map(({path, imports}) => [path, [...new Set(imports.map(({target}) => target))]]))
  const found: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const trail: string[] = []
  const visit = (path: string) => {
    state.set(path, 'open')
    trail.push(path)
    for (const target of edges.get(path) ?? []) {
      if (state.get(target) === 'open') found.push([...trail.slice(trail.indexOf(target)), target])
      else if (!state.has(target) && edges.has(target)) visit(target)
    }

    trail.pop()
    state.set(path, 'done')
  }

  for (const path of edges.keys()) if (!state.has(path)) visit(path)
  return found
}

describe('the layers', () => {
  test('the sources were read', () => {
    expect(ALL.map((source) => source.path)).toEqual(expect.arrayContaining(['cli.ts', 'core/io.ts', 'commands/dm/list.ts', 'sandbox/wire.ts']))
    const sandboxWire = ALL.find((source) => source.path === 'sandbox/wire.ts')
    expect(sandboxWire?.imports).toEqual(
      expect.arrayContaining([
        {target: 'api/http.ts', typeOnly: true, dynamic: false},
        {target: 'base/file-errors.ts', typeOnly: false, dynamic: false},
      ]),
    )
    const sandboxCommand = ALL.find((source) => source.path === 'commands/sandbox.ts')
    expect(sandboxCommand?.imports).toContainEqual({target: 'sandbox/index.ts', typeOnly: false, dynamic: true})
  })

  test('every folder of src/ has its place in the order (or is the sandbox)', () => {
    const unplaced = [...new Set(ALL.map(({path}) => layer(path)))].filter((name) => name !== 'sandbox' && rank(name) < 0)
    expect(unplaced).toEqual([])
  })

  test('no import climbs back: each goes to its own layer or one below (base, api, output, core, lib, commands, entry)', () => {
    const found = offenders(({path, imports}) =>
      layer(path) === 'sandbox'
        ? []
        : imports
            .filter(({target}) => layer(target) !== 'sandbox' && layer(target) !== layer(path) && rank(layer(target)) >= rank(layer(path)))
            .map(({target}) => `${path} -> ${target}`),
    )
    expect(found).toEqual([])
  })

  test('base/ imports nothing of ours from outside itself', () => {
    const found = offenders(({path, imports}) => (layer(path) === 'base' ? imports.filter(({target}) => layer(target) !== 'base').map(({target}) => `${path} -> ${target}`) : []))
    expect(found).toEqual([])
  })

  test('no circle in the import graph', () => {
    expect(circles().map((circle) => circle.join(' -> '))).toEqual([])
  })

  test('only core/io.ts holds the process\'s streams, and only core/settings.ts reads its environment', () => {
    const found = offenders(({path, code}) => [
      ...(/process\.std(in|out|err)/.test(code) && path !== 'core/io.ts' ? [`${path}: process.std*`] : []),
      ...(/process\.env/.test(code) && path !== 'core/settings.ts' ? [`${path}: process.env`] : []),
    ])
    expect(found).toEqual([])
  })

  test('src/api and src/lib/dm/watch read time only through the Clock (base/clock.ts): no Date.now, setTimeout or setInterval', () => {
    const found = offenders(({path, code}) =>
      (path.startsWith('api/') || path.startsWith('lib/dm/watch/')) && /Date\.now\(|\bset(Timeout|Interval)\b|node:timers/.test(code) ? [path] : [],
    )
    expect(found).toEqual([])
    const clock = ALL.find((source) => source.path === 'base/clock.ts')
    expect(clock?.code).toMatch(/Date\.now\(\)/)
  })

  test('production code loads the sandbox only when `groupme sandbox` runs', () => {
    const found = offenders(({path, imports}) =>
      layer(path) === 'sandbox' ? [] : imports.filter(({target, dynamic}) => layer(target) === 'sandbox' && !dynamic).map(({target}) => `${path} -> ${target}`),
    )
    expect(found).toEqual([])
  })

  test('the sandbox stands apart: from the CLI it takes only base/ and the API\'s types', () => {
    const found = offenders(({path, imports}) =>
      layer(path) !== 'sandbox'
        ? []
        : imports
            .filter(({target, typeOnly}) => layer(target) !== 'sandbox' && layer(target) !== 'base' && !(layer(target) === 'api' && typeOnly))
            .map(({target}) => `${path} -> ${target}`),
    )
    expect(found).toEqual([])
  })
})
