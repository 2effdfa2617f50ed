import {describe, expect, test} from '@jest/globals'
import {readFileSync} from 'node:fs'
import {HELP_TOPICS} from '../../../src/help/topics.js'
import {topicText} from '../../../src/help/render.js'

const ROOT = new URL('../../../', import.meta.url)

/** A section's body in a docs/ page: from its heading to the next one of the same level. */
function docsSection(file: string, title: string): string {
  const text = readFileSync(new URL(file, ROOT), 'utf8')
  const start = text.indexOf(`\n## ${title}\n`)
  expect(start).toBeGreaterThan(-1)
  const body = text.slice(start + title.length + 5)
  const end = body.indexOf('\n## ')
  return (end === -1 ? body : body.slice(0, end)).trim()
}

describe('help topics are the sections of docs/, word for word', () => {
  test.each(HELP_TOPICS.map((topic) => [topic.name, topic] as const))('groupme help %s', (_name, topic) => {
    expect(topic.markdown).toBe(docsSection(topic.file, topic.section))
  })

  test('groupme help environment names the archive\'s variables and the file service\'s', () => {
    const text = topicText(HELP_TOPICS.find((topic) => topic.name === 'environment')!)
    for (const name of ['GROUPME_ARCHIVE_DB', 'XDG_DATA_HOME', 'GROUPME_FILE_URL']) expect(text).toContain(name)
  })

  test('a three-column table keeps its third column as [default: …]', () => {
    const text = topicText(HELP_TOPICS.find((topic) => topic.name === 'environment')!)
    expect(text).toContain('GROUPME_MAX_RPS')
    expect(text).toContain('[default: 8]')
  })

  test('on a terminal: tables become aligned columns without Markdown', () => {
    const text = topicText(HELP_TOPICS.find((topic) => topic.name === 'exit-codes')!)
    expect(text).toContain('\n  0    success; an empty result is success\n')
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100)
    expect(text).not.toContain('|')
    expect(text).not.toContain('`')
  })
})
