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
    if (!entry.name.endsWith('.ts')) return []
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
const layer = (path: string) => path.split('/')[0]
const offenders = (rule: (source: Source) => string[]) => ALL.flatMap(rule)

describe('the layers', () => {
  test('the sources were read', () => {
    expect(ALL.map((source) => source.path)).toEqual(expect.arrayContaining(['cli.ts', 'core/io.ts', 'commands/dm/list.ts', 'sandbox/api.ts']))
    const sandboxApi = ALL.find((source) => source.path === 'sandbox/api.ts')
    expect(sandboxApi?.imports).toEqual(
      expect.arrayContaining([
        {target: 'api/api.ts', typeOnly: true, dynamic: false},
        {target: 'core/errors.ts', typeOnly: false, dynamic: false},
      ]),
    )
    const sandboxCommand = ALL.find((source) => source.path === 'commands/sandbox.ts')
    expect(sandboxCommand?.imports).toContainEqual({target: 'sandbox/index.ts', typeOnly: false, dynamic: true})
  })

  test('core, api and output import nothing from lib or commands; lib nothing from commands', () => {
    const found = offenders(({path, imports}) =>
      imports
        .filter(({target}) => {
          const from = layer(path)
          const to = layer(target)
          if (['core', 'api', 'output'].includes(from)) return to === 'lib' || to === 'commands'
          if (from === 'lib') return to === 'commands'
          return false
        })
        .map(({target}) => `${path} -> ${target}`),
    )
    expect(found).toEqual([])
  })

  test('only core/io.ts holds the process\'s streams, and only core/settings.ts reads its environment', () => {
    const found = offenders(({path, code}) => [
      ...(/process\.std(in|out|err)/.test(code) && path !== 'core/io.ts' ? [`${path}: process.std*`] : []),
      ...(/process\.env/.test(code) && path !== 'core/settings.ts' ? [`${path}: process.env`] : []),
    ])
    expect(found).toEqual([])
  })

  test('production code loads the sandbox only when `groupme sandbox` runs', () => {
    const found = offenders(({path, imports}) =>
      layer(path) === 'sandbox' ? [] : imports.filter(({target, dynamic}) => layer(target) === 'sandbox' && !dynamic).map(({target}) => `${path} -> ${target}`),
    )
    expect(found).toEqual([])
  })

  test('the sandbox stands apart: from the CLI it takes only the error classes and the API\'s types', () => {
    const found = offenders(({path, imports}) =>
      layer(path) !== 'sandbox'
        ? []
        : imports
            .filter(({target, typeOnly}) => layer(target) !== 'sandbox' && target !== 'core/errors.ts' && !(target === 'api/api.ts' && typeOnly))
            .map(({target}) => `${path} -> ${target}`),
    )
    expect(found).toEqual([])
  })
})
