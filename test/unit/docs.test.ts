/**
 * The documentation checked against the repository, so it cannot drift: the README stays a page,
 * links lead to files that exist, and help never points at a file the installed package lacks.
 */
import {describe, expect, test} from '@jest/globals'
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {dirname, join, normalize} from 'node:path'
import {fileURLToPath} from 'node:url'
import {HELP_TOPICS} from '../../src/help/topics.js'
import {topicText} from '../../src/help/render.js'
import {rootHelp} from '../../src/help/root.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8')
const PACKAGE = JSON.parse(read('package.json')) as {
  homepage: string
  repository: {url: string}
  files: string[]
  oclif: {topics: Record<string, {description?: string}>}
}
const MANIFEST = JSON.parse(read('oclif.manifest.json')) as {commands: Record<string, {summary?: string}>}
const PAGES = ['README.md', ...readdirSync(join(ROOT, 'docs'), {recursive: true, encoding: 'utf8'}).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)]

/** The repository's address, as package.json gives it; help links to files under it. */
const REPOSITORY = PACKAGE.homepage.replace(/#.*$/, '')

describe('the README is a page', () => {
  test('README.md is at most 250 lines', () => {
    expect(read('README.md').trimEnd().split('\n').length).toBeLessThanOrEqual(250)
  })

  test('it says what Node it needs and names the archive\'s and the file service\'s variables', () => {
    const readme = read('README.md')
    expect(readme).toContain('Node.js 22.13 or newer')
    for (const name of ['GROUPME_ARCHIVE_DB', 'XDG_DATA_HOME', 'GROUPME_FILE_URL']) expect(readme).toContain(name)
  })
})

describe('links between the pages', () => {
  test('docs/README.md links to every page of docs/', () => {
    const index = read('docs/README.md')
    const pages = readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md') && name !== 'README.md')
    expect(pages.filter((name) => !index.includes(`](${name})`))).toEqual([])
  })

  test.each(PAGES)('every relative link in %s leads to a file of the repository', (page) => {
    const targets = [...read(page).matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]).filter((target) => !/^[a-z]+:/.test(target) && !target.startsWith('#'))
    const missing = targets.filter((target) => !existsSync(join(ROOT, dirname(page), decodeURIComponent(target.replace(/#.*$/, '')))))
    expect(missing).toEqual([])
  })
})

describe('help never points at a file the installed package does not contain', () => {
  const helpText = [
    JSON.stringify(MANIFEST),
    ...HELP_TOPICS.map(topicText),
    rootHelp({topics: PACKAGE.oclif.topics, commands: MANIFEST.commands}),
  ].join('\n')

  test('package.json names the repository that help links to', () => {
    expect(REPOSITORY).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/)
    expect(PACKAGE.repository.url).toBe(`git+${REPOSITORY}.git`)
  })

  test('every docs/ file named in help is a link into the repository to a file that exists, or a file the package ships', () => {
    const references = [...helpText.matchAll(/(\S*?)(docs\/[\w./-]*\w)/g)].map((match) => ({before: match[1], path: match[2]}))
    expect(references.length).toBeGreaterThan(0)
    const wrong = references.filter(({before, path}) => {
      const shipped = PACKAGE.files.some((file) => normalize(file) === path)
      const linked = before === `${REPOSITORY}/blob/main/` && existsSync(join(ROOT, path))
      return !shipped && !linked
    })
    expect(wrong).toEqual([])
  })
})

describe('decisions, one a file', () => {
  const DECISIONS = join(ROOT, 'docs/decisions')
  const files = readdirSync(DECISIONS).filter((name) => /^\d{4}-[a-z0-9-]+\.md$/.test(name))
  const numbers = new Set(files.map((name) => name.slice(0, 4)))

  /** Every file under these folders, recursively, with its path from the repository's root. */
  const sourceFiles = (folders: string[]) =>
    folders.flatMap((folder) =>
      readdirSync(join(ROOT, folder), {recursive: true, encoding: 'utf8'})
        .filter((name) => /\.(ts|js|cjs)$/.test(name))
        .map((name) => `${folder}/${name}`),
    )

  test('there are decisions, numbered without gaps or repeats', () => {
    expect(files.length).toBeGreaterThan(60)
    expect(files.map((name) => Number(name.slice(0, 4)))).toEqual(files.map((_name, index) => index + 1))
  })

  test.each(files)('%s has a title and a Status line: accepted, or superseded by a decision that exists', (name) => {
    const [title, blank, status] = read(`docs/decisions/${name}`).split('\n')
    expect(title).toMatch(/^# \S/)
    expect(blank).toBe('')
    expect(status).toMatch(/^Status: (accepted|superseded by \d{4})$/)
    const by = /superseded by (\d{4})/.exec(status)?.[1]
    if (by !== undefined) expect(numbers.has(by) && by !== name.slice(0, 4)).toBe(true)
  })

  test('the index lists every decision with its status', () => {
    const index = read('docs/decisions/README.md')
    for (const name of files) {
      const status = read(`docs/decisions/${name}`).split('\n')[2].replace('Status: ', '')
      expect(index).toMatch(new RegExp(`\\| \\[${name.slice(0, 4)}\\]\\(${name}\\) \\| .* \\| ${status} \\|`))
    }
  })

  test('every docs/decisions/NNNN-….md that the code names exists, and nothing names the old docs/decisions.md', () => {
    const code = sourceFiles(['src', 'scripts', 'bin', 'test']).map((path) => ({path, text: read(path)}))
    const named = code.flatMap(({path, text}) => [...text.matchAll(/docs\/decisions\/(\d{4}-[a-z0-9-]+\.md)/g)].map((match) => ({path, file: match[1]})))
    expect(named.length).toBeGreaterThan(10)
    expect(named.filter(({file}) => !files.includes(file))).toEqual([])
    const old = code.filter(({path, text}) => path !== 'test/unit/docs.test.ts' && text.includes('docs/decisions.md'))
    expect(old.map(({path}) => path)).toEqual([])
  })

  test('every other docs/NAME.md that the code names exists', () => {
    const code = sourceFiles(['src', 'scripts', 'bin', 'test']).map((path) => ({path, text: read(path)}))
    const named = code.flatMap(({path, text}) => [...text.matchAll(/docs\/([a-z0-9-]+\.md)/g)].map((match) => ({path, file: match[1]})))
    expect(named.length).toBeGreaterThan(10)
    const missing = named.filter(({path, file}) => file !== 'decisions.md' && !existsSync(join(ROOT, `docs/${file}`)) && path !== 'test/unit/docs.test.ts')
    expect(missing).toEqual([])
  })
})

describe('docs/architecture.md matches the tree and package.json', () => {
  const ARCHITECTURE = read('docs/architecture.md')
  const section = (title: string) => {
    const body = ARCHITECTURE.slice(ARCHITECTURE.indexOf(`\n## ${title}\n`) + title.length + 5)
    return body.slice(0, body.indexOf('\n## '))
  }

  /** Every folder under src/, relative to it. */
  const folders = readdirSync(join(ROOT, 'src'), {recursive: true, withFileTypes: true})
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name).slice(join(ROOT, 'src').length + 1))

  /**
   * The folders the map names: an entry ending in `/` sits under the nearest less-indented one
   * above it. `<topic>/` with nothing under it stands for every folder there (`commands/<topic>/`);
   * with entries under it, only for those (`lib/<topic>/` then `api/`, `archive/`…).
   */
  function mapped(): {named: string[]; covers: (folder: string) => boolean} {
    const block = /```\nsrc\/\n([\s\S]*?)\ntest\//.exec(section('Folder map'))?.[1] ?? ''
    const entries: Array<{depth: number; path: string[]}> = []
    const stack: Array<{depth: number; path: string[]}> = []
    for (const line of block.split('\n')) {
      const match = /^( +)(\S+\/)(?:\s|$)/.exec(line)
      if (!match) continue
      const depth = match[1].length
      while (stack.length > 0 && stack[stack.length - 1].depth >= depth) stack.pop()
      const path = [...(stack.at(-1)?.path ?? []), ...match[2].split('/').filter(Boolean)]
      const entry = {depth, path}
      entries.push(entry)
      stack.push(entry)
    }

    const hasChildren = (entry: {depth: number; path: string[]}) => entries.some((other) => other.path.length > entry.path.length && entry.path.every((part, index) => other.path[index] === part))
    const patterns = entries.map((entry) => {
      const parts = entry.path.map((part) => (part === '<topic>' ? (hasChildren(entry) && part === entry.path.at(-1) ? null : '(?:[^/]+/)?') : `${part}/`))
      return new RegExp(`^${parts.filter((part) => part !== null).join('')}`.replace(/\/$/, '') + (entry.path.at(-1) === '<topic>' && !hasChildren(entry) ? '' : '$'))
    })
    const named = entries.map((entry) => entry.path.filter((part) => part !== '<topic>').join('/'))
    return {named, covers: (folder) => patterns.some((pattern) => pattern.test(folder) || pattern.test(`${folder}/`))}
  }

  test('every folder under src/ is in the folder map', () => {
    const {covers} = mapped()
    expect(folders.length).toBeGreaterThan(15)
    expect(folders.filter((folder) => !covers(folder))).toEqual([])
  })

  test('every folder the map names exists', () => {
    expect(mapped().named.filter((folder) => !folders.includes(folder))).toEqual([])
  })

  /** The table's rows: the package, and the folders of src/ (or entry files) that import it. */
  const rows = section('Dependencies')
    .split('\n')
    .filter((line) => /^\| `/.test(line))
    .map((line) => {
      const [name, kind, importedBy] = line.slice(1, -1).split(' | ')
      return {name: name.replaceAll('`', '').trim(), kind: kind.trim(), importedBy: [...importedBy.matchAll(/`([^`]+)`/g)].map((match) => match[1].replace(/\/$/, '')).sort()}
    })

  /** The top-level entries of src/ whose code imports a package, by package. */
  function importers(): Map<string, Set<string>> {
    const found = new Map<string, Set<string>>()
    const files = readdirSync(join(ROOT, 'src'), {recursive: true, encoding: 'utf8'}).filter((name) => name.endsWith('.ts'))
    for (const file of files) {
      const code = read(`src/${file}`).replaceAll(/\/\*[\s\S]*?\*\//g, '').replaceAll(/^\s*\/\/.*$/gm, '')
      for (const match of code.matchAll(/(?:from |import\(|\.resolve\()'([^'.\s][^'\s]*)'|declare module '([^'\s]+)'/g)) {
        const specifier = match[1] ?? match[2]
        if (specifier.startsWith('node:')) continue
        const parts = specifier.split('/')
        const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
        const top = file.split('/')[0]
        if (!found.has(name)) found.set(name, new Set())
        found.get(name)?.add(top)
      }
    }

    return found
  }

  test('the dependency table lists every package of package.json, once, and nothing else', () => {
    const {dependencies, devDependencies} = JSON.parse(read('package.json')) as {dependencies: Record<string, string>; devDependencies: Record<string, string>}
    expect(rows.map(({name}) => name).sort()).toEqual([...Object.keys(dependencies), ...Object.keys(devDependencies)].sort())
  })

  test('each package is imported by exactly the folders the table names', () => {
    const found = importers()
    expect(found.size).toBeGreaterThan(5)
    const table = Object.fromEntries(rows.map(({name, importedBy}) => [name, importedBy]))
    const actual = Object.fromEntries(rows.map(({name}) => [name, [...(found.get(name) ?? [])].filter((top) => top !== 'types').sort()]))
    expect(actual).toEqual(table)
    expect([...found.keys()].filter((name) => !(name in table))).toEqual([])
  })

  test('docs/development.md names every package a user\'s install runs: the runtime and the bundled ones', () => {
    const development = read('docs/development.md')
    const listed = development.slice(development.indexOf('\n## Dependencies\n'))
    const shipped = rows.filter(({kind}) => ['runtime', 'bundled', 'bundled apart'].includes(kind)).map(({name}) => name)
    expect(shipped.length).toBeGreaterThan(5)
    expect(shipped.filter((name) => !listed.includes(`\`${name}\``))).toEqual([])
  })
})
