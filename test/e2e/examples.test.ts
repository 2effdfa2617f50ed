import {afterAll, beforeAll, beforeEach, describe, expect, test} from '@jest/globals'
import {spawn} from 'node:child_process'
import {chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {ROOT_EXAMPLES} from '../../src/help/root.js'
import {ALICE, EXAMPLE_MESSAGE_ID, type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {BIN} from './helpers/cli.js'

/**
 * Every example in the ```sh blocks of README.md and the pages of docs/, and in the command
 * reference docs/commands.md (what each command's --help shows), run as written by bash against
 * the sandbox, in order, in one home directory: a new example is tested without anyone listing it
 * here. An example that needs what the sandbox cannot give is marked where it is written:
 * `<!-- not run by the example tests: REASON -->` before a block, and a command's
 * `untestedExamples` (command → reason) beside its examples.
 */
const ROOT = new URL('../..', import.meta.url)
const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8')
/** README.md first: the guide's jq examples read the file its cron examples write. */
const PAGES = ['README.md', ...readdirSync(new URL('docs', ROOT)).filter((name) => name.endsWith('.md') && name !== 'commands.md').sort().map((name) => `docs/${name}`)]
const REFERENCE = 'docs/commands.md'
const MANIFEST = JSON.parse(readFileSync(new URL('oclif.manifest.json', ROOT), 'utf8')) as {
  commands: Record<string, {examples?: Array<string | {command: string}>; untestedExamples?: Record<string, string>}>
}
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')
const SKIP = /<!-- not run by the example tests: (.+?) -->\s*$/

interface Example {
  where: string
  command: string
}

/**
 * A page's shell examples: consecutive command lines (a paragraph, as `id=$(…)` and the line that
 * uses it) run as one script; comments and blank lines separate them; a crontab line's schedule is
 * taken off.
 */
function pageExamples(page: string): Example[] {
  const examples: Example[] = []
  const lines = read(page).split('\n')
  for (let index = 0; index < lines.length; index++) {
    if (lines[index] !== '```sh') continue
    const skipped = SKIP.test(lines[index - 1] ?? '')
    let paragraph: {start: number; lines: string[]} | undefined
    const flush = () => {
      if (paragraph && !skipped) examples.push({where: `${page}:${paragraph.start}`, command: paragraph.lines.join('\n')})
      paragraph = undefined
    }

    for (index++; lines[index] !== '```'; index++) {
      const line = lines[index].trim()
      if (line === '' || line.startsWith('#')) {
        flush()
        continue
      }

      paragraph ??= {start: index + 1, lines: []}
      paragraph.lines.push(withoutSchedule(line))
    }

    flush()
  }

  return examples
}

/** A crontab line runs what follows its five schedule fields. */
function withoutSchedule(line: string): string {
  return line.replace(/^(\S+\s+){5}(?=groupme )/, '')
}

/** Each command's examples as its --help and the manifest have them. */
function manifestExamples(): string[] {
  return Object.values(MANIFEST.commands).flatMap((command) =>
    (command.examples ?? []).map((example) => (typeof example === 'string' ? example : example.command).replaceAll('<%= config.bin %>', 'groupme')),
  )
}

/** The examples that a command marks as not run, as the reference writes them. */
const UNTESTED = new Set(
  Object.values(MANIFEST.commands).flatMap((command) => Object.keys(command.untestedExamples ?? {}).map((line) => line.replaceAll('<%= config.bin %>', 'groupme'))),
)

/**
 * The examples of docs/commands.md as `oclif readme` writes them: under EXAMPLES, indented four
 * spaces, `$ ` before a command (not before a crontab line), a long one wrapped with ` \` onto
 * lines indented six.
 */
function referenceExamples(): Example[] {
  const examples: Example[] = []
  const lines = read(REFERENCE).split('\n')
  let command = ''
  let inExamples = false
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]
    if (line.startsWith('## `groupme ')) command = line.slice(3).replaceAll('`', '')
    if (line === 'EXAMPLES') inExamples = true
    else if (line.startsWith('```')) inExamples = false
    else if (inExamples && /^ {4}\S/.test(line)) {
      let example = line.slice(4)
      while (example.endsWith(' \\') && /^ {6}\S/.test(lines[index + 1] ?? '')) example = `${example.slice(0, -2)} ${lines[++index].slice(6)}`
      examples.push({where: `${REFERENCE}, ${command}`, command: example.replace(/^\$ /, '')})
    }
  }

  return examples
}

function helpExamples(): Example[] {
  const fromReference = referenceExamples()
    .filter(({command}) => !UNTESTED.has(command))
    .map(({where, command}) => ({where, command: withoutSchedule(command)}))
  return [...ROOT_EXAMPLES.map(({command}) => ({where: 'groupme --help', command})), ...fromReference]
}

describe('every example runs against the sandbox', () => {
  let sandbox: Sandbox
  let home: string

  // A fresh sandbox for each example, so one that changes the account (`api DELETE chats/…`,
  // `dm purge`) does not change what the next one sees; files in the scratch home stay. Each on
  // the same port, so the image addresses an earlier `archive sync` kept still answer.
  beforeEach(async () => {
    await sandbox?.close()
    sandbox = await startSandbox({port: sandbox ? Number(new URL(sandbox.url).port) : 0})
    writeFileSync(join(home, 'groupme-token.txt'), sandbox.token + '\n')
  })

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'groupme-examples-'))
    const bin = join(home, '.bin')
    for (const dir of ['.bin', '.config/groupme', '.local/state/groupme', 'dm', 'archive']) mkdirSync(join(home, dir), {recursive: true})
    writeFileSync(join(bin, 'groupme'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`)
    // The one stand-in: nobody's mail is sent from a test.
    writeFileSync(join(bin, 'mail'), '#!/bin/sh\ncat > /dev/null\n')
    for (const name of ['groupme', 'mail']) chmodSync(join(bin, name), 0o755)
    writeFileSync(join(home, 'archive', 'photo.jpg'), PNG)
    writeFileSync(join(home, 'archive', 'report.pdf'), '%PDF-1.4\n')
  })
  afterAll(() => sandbox?.close())

  const run = (command: string) =>
    new Promise<{code: number | null; stderr: string}>((resolve, reject) => {
      const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', command], {
        cwd: join(home, 'archive'),
        env: {
          PATH: `${join(home, '.bin')}:${process.env.PATH}`,
          HOME: home,
          NODE_ENV: 'production',
          GROUPME_CONFIG_DIR: join(home, '.config/groupme'),
          ...sandbox.env,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      })
      let stderr = ''
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
      child.once('error', reject)
      child.once('close', (code) => resolve({code, stderr}))
    })

  const examples = [...PAGES.flatMap(pageExamples), ...helpExamples()]
  test('the examples\' message id is a message of mine to Alice in the sandbox', () => {
    const message = sandbox.store.messages(ALICE.id).find((candidate) => candidate.id === EXAMPLE_MESSAGE_ID)
    expect(message?.sender_id).toBe(sandbox.meId)
  })

  test('there are examples to run, from the README, the guide and the reference', () => {
    expect(examples.length).toBeGreaterThan(20)
    for (const page of ['README.md', 'docs/guide.md', REFERENCE]) expect(examples.some(({where}) => where.startsWith(page))).toBe(true)
  })

  test('docs/commands.md holds every command\'s examples as --help shows them (npm run readme regenerates it)', () => {
    expect(referenceExamples().map(({command}) => command).sort()).toEqual(manifestExamples().sort())
  })

  test('an example marked as not run is one of its command\'s examples, and says why', () => {
    for (const command of Object.values(MANIFEST.commands)) {
      const written = (command.examples ?? []).map((example) => (typeof example === 'string' ? example : example.command))
      for (const [example, reason] of Object.entries(command.untestedExamples ?? {})) {
        expect(written).toContain(example)
        expect(reason.length).toBeGreaterThan(10)
      }
    }
  })

  test.each(examples.map((example) => [example.where, example.command]))('%s: %s', async (_where, command) => {
    const result = await run(command)
    // The exit code with what the run said, so a failure shows why.
    expect(`exit ${result.code}: ${result.stderr}`).toMatch(/^exit 0: /)
  }, 60_000)
})
