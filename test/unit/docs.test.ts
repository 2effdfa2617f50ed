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
