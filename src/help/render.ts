import type {HelpTopic} from './topics.js'

/**
 * A section of a docs/ page for a terminal: tables as aligned columns, code marks dropped,
 * paragraphs as written (the pages keep them within 100 columns).
 */
export function topicText(topic: HelpTopic): string {
  const out: string[] = [topic.summary, '']
  const blocks = topic.markdown.split(/\n{2,}/)
  for (const block of blocks) {
    const lines = block.split('\n')
    out.push(...(lines.every((line) => line.startsWith('|')) ? table(lines) : lines.map(plain)), '')
  }

  return out.join('\n')
}

/** WIDTH columns at most: the first column, then the rest wrapped beside it ("default: …" after the meaning). */
const WIDTH = 100

function table(lines: string[]): string[] {
  const [header, ...rows] = lines
    .filter((line) => !/^\|[-|\s]+\|$/.test(line))
    .map((line) => line.slice(1, -1).split(' | ').map((cell) => plain(cell.trim())))
  const first = Math.min(Math.max(...rows.map((row) => row[0].length)), 24) + 2
  return rows.flatMap((row) => {
    const [name, text, ...more] = row
    const extra = more.map((cell, index) => (cell === '' ? '' : ` [${header[index + 2]}: ${cell}]`)).join('')
    const wrapped = wrap(`${text}${extra}`, WIDTH - 2 - first)
    const lead = name.length + 2 <= first ? [`  ${name.padEnd(first)}${wrapped[0] ?? ''}`] : [`  ${name}`, `  ${' '.repeat(first)}${wrapped[0] ?? ''}`]
    return [...lead, ...wrapped.slice(1).map((line) => `  ${' '.repeat(first)}${line}`)]
  })
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else {
      line = line === '' ? word : `${line} ${word}`
    }
  }

  if (line !== '') lines.push(line)
  return lines
}

function plain(text: string): string {
  return text.replaceAll('`', '').replace(/\*\*(.*?)\*\*/g, '$1').replace(/<(https?:[^>]+)>/g, '$1')
}
