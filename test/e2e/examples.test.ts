import {afterAll, beforeAll, beforeEach, describe, expect, test} from '@jest/globals'
import {spawn} from 'node:child_process'
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {ROOT_EXAMPLES} from '../../src/help/root.js'
import {ALICE, EXAMPLE_MESSAGE_ID, type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {BIN} from './helpers/cli.js'

/**
 * Every example in the README's ```sh blocks and in every command's --help (the manifest), run as
 * written by bash against the sandbox, in order, in one home directory: a new example is tested
 * without anyone listing it here. An example that needs what the sandbox cannot give is marked
 * where it is written: `<!-- not run by the example tests: REASON -->` before a README block, and
 * a command's `untestedExamples` (command → reason) beside its examples.
 */
const ROOT = new URL('../..', import.meta.url)
const README = readFileSync(new URL('README.md', ROOT), 'utf8')
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
 * The README's shell examples: consecutive command lines (a paragraph, as `id=$(…)` and the line
 * that uses it) run as one script; comments and blank lines separate them; a crontab line's
 * schedule is taken off.
 */
function readmeExamples(): Example[] {
  const examples: Example[] = []
  const lines = README.split('\n')
  for (let index = 0; index < lines.length; index++) {
    if (lines[index] !== '```sh') continue
    const skipped = SKIP.test(lines[index - 1] ?? '')
    let paragraph: {start: number; lines: string[]} | undefined
    const flush = () => {
      if (paragraph && !skipped) examples.push({where: `README.md:${paragraph.start}`, command: paragraph.lines.join('\n')})
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

function helpExamples(): Example[] {
  const fromCommands = Object.entries(MANIFEST.commands).flatMap(([id, command]) =>
    (command.examples ?? [])
      .map((example) => (typeof example === 'string' ? example : example.command))
      .filter((line) => !Object.hasOwn(command.untestedExamples ?? {}, line))
      .map((line) => ({where: `groupme ${id.replaceAll(':', ' ')} --help`, command: withoutSchedule(line.replaceAll('<%= config.bin %>', 'groupme'))})),
  )
  return [...ROOT_EXAMPLES.map(({command}) => ({where: 'groupme --help', command})), ...fromCommands]
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

  const examples = [...readmeExamples(), ...helpExamples()]
  test('the examples\' message id is a message of mine to Alice in the sandbox', () => {
    const message = sandbox.store.messages(ALICE.id).find((candidate) => candidate.id === EXAMPLE_MESSAGE_ID)
    expect(message?.sender_id).toBe(sandbox.meId)
  })

  test('there are examples to run', () => {
    expect(examples.length).toBeGreaterThan(20)
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
