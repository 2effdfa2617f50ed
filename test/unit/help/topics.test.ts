import {describe, expect, test} from '@jest/globals'
import {readFileSync} from 'node:fs'
import {HELP_TOPICS} from '../../../src/help/topics.js'
import {topicText} from '../../../src/help/render.js'

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')

/** A README section's body: from its heading to the next one of the same level. */
function readmeSection(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`)
  expect(start).toBeGreaterThan(-1)
  const body = README.slice(start + title.length + 5)
  return body.slice(0, body.indexOf('\n## ')).trim()
}

describe('help topics are the README\'s sections, word for word', () => {
  test.each(HELP_TOPICS.map((topic) => [topic.name, topic] as const))('groupme help %s', (_name, topic) => {
    expect(topic.markdown).toBe(readmeSection(topic.readmeSection))
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
