/**
 * Security: the token never shows (output, --debug, URLs, with the token in the env or the
 * config file), no flag takes a token, plain http only to loopback, the config file's modes, and
 * no terminal control sequence from the service reaches plain output.
 *
 * `npm audit --omit=dev` needs the network: it is left to the release checklist, not run here.
 */
import {spawn, spawnSync} from 'node:child_process'
import {chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, relative} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {ALICE, MALLORY, ME, SANDBOX_TOKEN, type Sandbox, startSandbox} from '../../src/sandbox/index.js'
import {BIN, freshConfigDir} from '../e2e/helpers/cli.js'
import {type CliResult, runInProcessOrSpawn as runCli} from '../helpers/run-in-process.js'
import {BAD_INPUTS} from './helpers/bad-inputs.js'
import {nonEmptyLines, show, UNSAFE_CHARACTERS} from './helpers/checks.js'
import {COMMANDS, FAULTS} from './helpers/fault-cases.js'
import {runFaultCase, variantsOf} from './helpers/fault-run.js'
import {CONCURRENCY, inPool} from './helpers/pool.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const ONE_PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
)
const scratch = mkdtempSync(join(tmpdir(), 'groupme-security-'))
const photo = join(scratch, 'photo.png')
writeFileSync(photo, ONE_PIXEL_PNG)

const ALICE_CHAT = `${ME.id}+${ALICE.id}`

/** Where the token must not be: what the CLI printed and every URL the sandbox saw. */
function leaks(token: string, results: CliResult[], urls: string[]): string[] {
  const found: string[] = []
  for (const [index, result] of results.entries()) {
    if (result.stdout.includes(token)) found.push(`run ${index}: stdout`)
    if (result.stderr.includes(token)) found.push(`run ${index}: stderr`)
  }

  for (const url of urls) if (url.includes(token)) found.push(`URL ${url}`)
  return found
}

describe('the token never appears', () => {
  test('in --debug runs of a sample of the fault matrix (each fault once, commands in turn)', async () => {
    const tasks = FAULTS.map((fault, index) => async () => {
      const command = COMMANDS[index % COMMANDS.length]
      const variants = variantsOf(fault)
      const record = await runFaultCase(command, fault, variants[index % variants.length], command.modes[index % command.modes.length], {
        extraArgs: ['--debug'],
      })
      return {record, leaks: leaks(SANDBOX_TOKEN, record.results, record.urls)}
    })
    const done = await inPool(tasks, CONCURRENCY)
    expect(done.flatMap(({record, leaks: found}) => found.map((where) => `${record.command} × ${record.fault}: ${where}`))).toEqual([])
    // --debug was on: every run logged its requests.
    expect(done.filter(({record}) => !record.result.stderr.includes('--> ')).map(({record}) => `${record.command} × ${record.fault}`)).toEqual([])
    process.stderr.write(`security: token scan over ${done.length} fault cases with --debug (${done.flatMap(({record}) => record.results).length} runs): clean\n`)
  }, 120_000)

  test('in --debug runs of every third bad input', async () => {
    const sample = BAD_INPUTS.filter((input, index) => !input.skip && index % 3 === 0)
    const done = await inPool(
      sample.map((input) => async () => {
        const sandbox = await startSandbox()
        try {
          const result = await runCli([...input.args, '--debug'], {sandbox, stdin: input.stdin, env: input.env})
          return {name: input.name, leaks: leaks(sandbox.token, [result], sandbox.requests.map((request) => request.url))}
        } finally {
          await sandbox.close()
        }
      }),
      CONCURRENCY,
    )
    expect(done.flatMap(({name, leaks: found}) => found.map((where) => `${name}: ${where}`))).toEqual([])
    process.stderr.write(`security: token scan over ${done.length} bad inputs with --debug: clean\n`)
  }, 120_000)

  describe('with the token in the config file instead of the environment', () => {
    let sandbox: Sandbox
    let configDir: string
    const results: CliResult[] = []
    const run = async (args: string[], stdin?: string): Promise<CliResult> => {
      const result = await runCli(args, {sandbox, configDir, stdin, env: {GROUPME_TOKEN: undefined, DEBUG: 'groupme*'}})
      results.push(result)
      return result
    }

    beforeAll(async () => {
      sandbox = await startSandbox()
      configDir = join(freshConfigDir(), 'groupme')
    })
    afterAll(() => sandbox.close())

    test('login, then every kind of command under DEBUG=groupme*, a 401 and a 500 included', async () => {
      expect((await run(['auth', 'login', '--with-token'], `${sandbox.token}\n`)).code).toBe(0)
      expect((await run(['auth', 'status'])).code).toBe(0)
      expect((await run(['auth', 'status', '--json'])).code).toBe(0)
      expect((await run(['chats', 'list', '--all', '--json'])).code).toBe(0)
      expect((await run(['chats', 'show', ALICE.id])).code).toBe(0)
      expect((await run(['dm', 'list', ALICE.id, '--all', '--jsonl'])).code).toBe(0)
      expect((await run(['dm', 'send', ALICE.id, 'from the config token', '--image', photo])).code).toBe(0)
      expect((await run(['receipt', 'send', ALICE.id])).code).toBe(0)
      const out = join(scratch, 'config-token.jsonl')
      expect((await run(['dm', 'export', ALICE.id, '--out', out, '--media', join(scratch, 'media')])).code).toBe(0)
      expect((await run(['dm', 'tail', ALICE.id, '--state', join(scratch, 'tail.json')])).code).toBe(0)
      expect((await run(['dm', 'purge', ALICE.id, '--mine', '--dry-run'])).code).toBe(0)
      sandbox.inject({kind: 'status', status: 401})
      expect((await run(['chats', 'list'])).code).toBe(3)
      sandbox.inject({kind: 'status', status: 500, times: 5, headers: {'Retry-After': '0'}})
      expect((await run(['dm', 'list', ALICE.id, '--json'])).code).toBe(1)
      // The debug log was on, so there was something to leak.
      expect(results.filter((result) => result.stderr.includes('--> ')).length).toBeGreaterThan(5)
      expect(leaks(sandbox.token, results, sandbox.requests.map((request) => request.url))).toEqual([])
      expect(readFileSync(out, 'utf8')).not.toContain(sandbox.token)
    })

    test('the token travels only in the X-Access-Token header, and never to a public image URL', () => {
      const withToken = sandbox.requests.filter((request) => request.headers['x-access-token'] === sandbox.token)
      expect(withToken.length).toBeGreaterThan(5)
      const downloads = sandbox.requests.filter((request) => request.path.startsWith('/image/files/'))
      expect(downloads.length).toBeGreaterThan(0)
      expect(downloads.filter((request) => request.headers['x-access-token'] !== undefined).map((request) => request.url)).toEqual([])
      for (const request of sandbox.requests) {
        expect(JSON.stringify(request.headers).replace(`"x-access-token":"${sandbox.token}"`, '')).not.toContain(sandbox.token)
      }
    })
  })

  /**
   * oclif's parser uses the command instance as its parse context and sets `ctx.token` on it, so
   * BaseCommand keeps the token in a #private field: redaction must work before client() runs.
   */
  test('the token pasted as an argument by mistake is redacted from the usage error', async () => {
    const sandbox = await startSandbox()
    try {
      const results = await Promise.all([
        runCli(['dm', 'list', sandbox.token], {sandbox}),
        runCli(['chats', 'show', sandbox.token, '--json'], {sandbox}),
        runCli(['dm', 'send', sandbox.token, 'hi'], {sandbox}),
      ])
      expect(results.map((result) => result.code)).toEqual([2, 2, 2])
      expect(leaks(sandbox.token, results, [])).toEqual([])
    } finally {
      await sandbox.close()
    }
  })

  /** An unknown command is reported before any command runs: it must not echo a token either. */
  test('`auth login TOKEN` (the token as an argument) does not echo it', async () => {
    const sandbox = await startSandbox()
    try {
      const result = await runCli(['auth', 'login', sandbox.token], {sandbox})
      expect(result.code).toBe(2)
      expect(leaks(sandbox.token, [result], [])).toEqual([])
    } finally {
      await sandbox.close()
    }
  })

  test('a refused token, from stdin or the environment, is not echoed', async () => {
    const sandbox = await startSandbox()
    try {
      const wrong = 'wrongtoken'.padEnd(40, '7')
      const login = await runCli(['auth', 'login', '--with-token', '--debug'], {sandbox, stdin: wrong, env: {GROUPME_TOKEN: undefined}})
      const env = await runCli(['dm', 'list', ALICE.id, '--debug'], {sandbox, env: {GROUPME_TOKEN: wrong}})
      const json = await runCli(['chats', 'list', '--json'], {sandbox, env: {GROUPME_TOKEN: wrong}})
      expect([login.code, env.code, json.code]).toEqual([3, 3, 3])
      expect(leaks(wrong, [login, env, json], sandbox.requests.map((request) => request.url))).toEqual([])
    } finally {
      await sandbox.close()
    }
  })
})

describe('no flag accepts a token', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8')) as {
    commands: Record<string, {flags: Record<string, {name: string; type: string; char?: string}>}>
  }
  const suspicious = /token|secret|passw|api[-_]?key|auth/i

  test('in oclif.manifest.json, only the boolean --with-token mentions one', () => {
    const found = Object.entries(manifest.commands).flatMap(([id, command]) =>
      Object.values(command.flags)
        .filter((flag) => suspicious.test(flag.name))
        .map((flag) => `${id} --${flag.name} (${flag.type})`),
    )
    expect(found).toEqual(['auth:login --with-token (boolean)'])
  })

  test('in the compiled command classes too (the manifest could be stale)', async () => {
    const dir = join(root, 'dist', 'commands')
    const files = (function walk(at: string): string[] {
      return readdirSync(at, {withFileTypes: true}).flatMap((entry) =>
        entry.isDirectory() ? walk(join(at, entry.name)) : entry.name.endsWith('.js') ? [join(at, entry.name)] : [],
      )
    })(dir)
    const found: string[] = []
    for (const file of files) {
      const {default: command} = (await import(pathToFileURL(file).href)) as {
        default: {flags?: Record<string, {type: string}>; baseFlags?: Record<string, {type: string}>}
      }
      for (const [name, flag] of Object.entries({...command.baseFlags, ...command.flags})) {
        if (suspicious.test(name)) found.push(`${relative(dir, file)} --${name} (${flag.type})`)
      }
    }

    expect(found).toEqual([join('auth', 'login.js') + ' --with-token (boolean)'])
  })

  test('auth login takes the token from stdin only: not as a flag value, not as an argument', async () => {
    const sandbox = await startSandbox()
    try {
      const asValue = await runCli(['auth', 'login', `--with-token=${sandbox.token}`], {sandbox, env: {GROUPME_TOKEN: undefined}})
      const asFlag = await runCli(['auth', 'login', '--token', sandbox.token], {sandbox, env: {GROUPME_TOKEN: undefined}})
      expect(asValue.code).toBe(2)
      expect(asFlag.code).toBe(2)
      expect(sandbox.requests).toEqual([])
      const configDir = freshConfigDir()
      const fromStdin = await runCli(['auth', 'login', '--with-token'], {sandbox, configDir, stdin: sandbox.token, env: {GROUPME_TOKEN: undefined}})
      expect(fromStdin.code).toBe(0)
      expect(JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')).token).toBe(sandbox.token)
    } finally {
      await sandbox.close()
    }
  })
})

describe('plain http only to loopback', () => {
  let v4: Sandbox
  let v6: Sandbox
  beforeAll(async () => {
    ;[v4, v6] = await Promise.all([startSandbox(), startSandbox({host: '::1'})])
  })
  afterAll(() => Promise.all([v4.close(), v6.close()]))

  const VARIABLES = [
    {name: 'GROUPME_API_URL', suffix: '/v3', args: ['chats', 'list'], path: '/v3/chats'},
    {name: 'GROUPME_V2_URL', suffix: '/v2', args: ['receipt', 'send', ALICE_CHAT], path: '/v2/read_receipts'},
    {name: 'GROUPME_IMAGE_URL', suffix: '/image', args: ['dm', 'send', ALICE.id, 'over loopback', '--image', photo], path: '/image/pictures'},
  ]

  test.each(VARIABLES)('$name to 127.0.0.1, localhost and [::1] is allowed', async ({name, suffix, args, path}) => {
    const port = (sandbox: Sandbox) => new URL(sandbox.url).port
    for (const [sandbox, base] of [
      [v4, `http://127.0.0.1:${port(v4)}`],
      [v4, `http://localhost:${port(v4)}`],
      [v6, `http://[::1]:${port(v6)}`],
    ] as const) {
      const before = sandbox.requests.filter((request) => request.path === path).length
      const result = await runCli(args, {sandbox: v4, env: {[name]: `${base}${suffix}`}})
      expect({base, code: result.code, stderr: result.stderr}).toEqual({base, code: 0, stderr: expect.not.stringContaining('Error')})
      expect(sandbox.requests.filter((request) => request.path === path).length).toBe(before + 1)
    }
  })

  const REFUSED = [
    'http://example.com',
    'http://10.0.0.1',
    'http://192.168.1.20:8080',
    'http://0.0.0.0:8080',
    'http://127.0.0.1.nip.io',
    'http://localhost.example.com',
    'http://127.0.0.1@example.com',
  ]

  test.each(VARIABLES)('$name over http to anything else is exit 2, named, before anything is sent', async ({name, suffix, args}) => {
    const sandbox = await startSandbox()
    try {
      const results = await Promise.all(REFUSED.map((base) => runCli(args, {sandbox, env: {[name]: `${base}${suffix}`}})))
      const wrong = results.flatMap((result, index) =>
        result.code === 2 && nonEmptyLines(result.stderr).length === 1 && result.stderr.startsWith(`Error: ${name}`)
          ? []
          : [`${REFUSED[index]}: exit ${result.code}, ${show(result.stderr)}`],
      )
      expect(wrong).toEqual([])
      expect(sandbox.requests).toEqual([])
    } finally {
      await sandbox.close()
    }
  })
})

describe('the config file', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await startSandbox()
  })
  afterAll(() => sandbox.close())

  test('auth login writes it 0600, in a new directory made 0700 or in an existing one left as it was (0755)', async () => {
    const fresh = join(freshConfigDir(), 'new', 'groupme')
    const existing = join(freshConfigDir(), 'existing')
    mkdirSync(existing, {mode: 0o755})
    chmodSync(existing, 0o755)
    for (const [configDir, mode] of [[fresh, '700'], [existing, '755']]) {
      const login = await runCli(['auth', 'login', '--with-token'], {sandbox, configDir, stdin: `${sandbox.token}\n`, env: {GROUPME_TOKEN: undefined}})
      expect(login.code).toBe(0)
      expect((statSync(join(configDir, 'config.json')).mode & 0o777).toString(8)).toBe('600')
      // Never chmod a directory the tool did not make (docs/decisions/0015-the-config-directory-is-never-chmod-ed.md).
      expect((statSync(configDir).mode & 0o777).toString(8)).toBe(mode)
      expect(readdirSync(configDir)).toEqual(['config.json'])
    }
  })

  test.each([0o644, 0o640, 0o604])('a config file of mode %o brings a warning naming chmod 600', async (mode) => {
    const configDir = join(freshConfigDir(), 'groupme')
    expect((await runCli(['auth', 'login', '--with-token'], {sandbox, configDir, stdin: sandbox.token, env: {GROUPME_TOKEN: undefined}})).code).toBe(0)
    const file = join(configDir, 'config.json')
    chmodSync(file, mode)
    const status = await runCli(['auth', 'status'], {sandbox, configDir, env: {GROUPME_TOKEN: undefined}})
    expect(status.code).toBe(0)
    expect(status.stderr).toMatch(/^warning: .*chmod 600 /m)
    expect(status.stderr).toContain(file)
    expect(status.stdout + status.stderr).not.toContain(sandbox.token)
  })
})

describe('terminal injection: nothing from the service reaches plain output as a control sequence', () => {
  const PAYLOADS = [
    'ESC clear \u001b[2J done',
    'CSI colour \u001b[31mred\u001b[0m and cursor \u001b[10;10H',
    'OSC title \u001b]0;pwned\u0007 after',
    'OSC 8 link \u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\',
    'C1 CSI \u009b2J and C1 OSC \u009d0;title\u009c end',
    'BiDi \u202eexe.txt, \u2066isolate\u2069, \u202a\u202b\u202c\u202d and \u2067\u2068',
    'bell \u0007 backspace \u0008 nul \u0000 vt \u000b ff \u000c del \u007f',
    'DCS \u001bPq#0;2;0;0;0\u001b\\ end',
    'lone ESC \u001b and CR \r overwrite',
    'multi\nline\ttext',
  ]
  let sandbox: Sandbox
  const runs: Array<{args: string[]; result: CliResult}> = []

  beforeAll(async () => {
    sandbox = await startSandbox()
    const {store} = sandbox
    store.addMessages(MALLORY.id, PAYLOADS.length, {text: (i) => PAYLOADS[i]})
    store.addMessages(MALLORY.id, PAYLOADS.length, {from: 'me', text: (i) => `mine: ${PAYLOADS[i]}`})
    store.insert({
      senderId: MALLORY.id,
      otherUserId: MALLORY.id,
      text: null,
      attachments: [
        {type: 'location\u001b[2J', lat: '1', lng: '1', name: '\u001b]0;where\u0007 \u202eereh'},
        {type: '\u202eexe.gpj', url: 'https://example.com/\u001b[2J'},
      ],
    })
    const state = join(scratch, 'mallory-tail.json')
    const argsList = [
      ['chats', 'list', '--all'],
      ['chats', 'list', '--per-page', '2'],
      ['chats', 'show', MALLORY.id],
      ['dm', 'list', MALLORY.id, '--all'],
      ['dm', 'list', MALLORY.id, '--all', '--reverse'],
      ['dm', 'tail', MALLORY.id, '--state', state, '--limit', '100'],
      ['dm', 'purge', MALLORY.id, '--mine', '--dry-run'],
      ['receipt', 'send', MALLORY.id],
      // A partial name that is not a first name: the error lists the candidates, Mallory's name among them.
      ['dm', 'list', '@evil'],
      ['dm', 'send', ALICE.id, 'hi \u001b[2J\u202e', '--location', '1,1,\u001b[2Jx\u009b'],
      ['dm', 'list', ALICE.id, '--limit', '3'],
      ['dm', 'send', ALICE.id, 'preview \u001b]0;t\u0007', '--dry-run'],
    ]
    for (const args of argsList) runs.push({args, result: await runCli(args, {sandbox})})
    // The service's own error text, with escapes in it.
    sandbox.inject({kind: 'status', status: 500, times: 5, headers: {'Retry-After': '0'}, body: JSON.stringify({response: null, meta: {code: 500, errors: ['\u001b]0;pwned\u0007\u202e boom \u001b[2J\u009b']}})})
    runs.push({args: ['chats', 'list', '(500 with escapes)'], result: await runCli(['chats', 'list'], {sandbox})})
    sandbox.inject({kind: 'status', status: 502, times: 5, headers: {'Retry-After': '0', 'content-type': 'text/plain'}, body: 'upstream \u001b[2J\u001b]0;x\u0007 down \u202e'})
    runs.push({args: ['dm', 'list', MALLORY.id, '(502 plain text with escapes)'], result: await runCli(['dm', 'list', MALLORY.id], {sandbox})})
  }, 120_000)
  afterAll(() => sandbox.close())

  test('the runs did what they should (so there was output to check)', () => {
    const codes = runs.map(({args, result}) => `${args.slice(0, 3).join(' ')}: ${result.code}`)
    expect(codes).toEqual([
      'chats list --all: 0',
      'chats list --per-page: 0',
      `chats show ${MALLORY.id}: 0`,
      `dm list ${MALLORY.id}: 0`,
      `dm list ${MALLORY.id}: 0`,
      `dm tail ${MALLORY.id}: 0`,
      `dm purge ${MALLORY.id}: 0`,
      `receipt send ${MALLORY.id}: 0`,
      'dm list @evil: 2',
      `dm send ${ALICE.id}: 0`,
      `dm list ${ALICE.id}: 0`,
      `dm send ${ALICE.id}: 0`,
      'chats list (500 with escapes): 1',
      `dm list ${MALLORY.id}: 1`,
    ])
    const listed = runs.find(({args}) => args.join(' ') === `dm list ${MALLORY.id} --all`)!.result.stdout
    // Everything but the unsafe bytes is kept, one message a line.
    expect(listed).toContain('ESC clear  done')
    expect(listed).toContain('multi\\nline\\ttext')
    expect(nonEmptyLines(listed).length).toBe(sandbox.store.messages(MALLORY.id).length)
    expect(runs[0].result.stdout).toContain(`${MALLORY.id}+${ME.id}\tMallory`)
  })

  test('no stdout or stderr holds C0/C1 controls, DEL or BiDi controls', () => {
    const dirty = runs.flatMap(({args, result}) =>
      (['stdout', 'stderr'] as const).flatMap((stream) => {
        const match = UNSAFE_CHARACTERS.exec(result[stream])
        return match ? [`${args.join(' ')}: ${stream} holds U+${match[0].codePointAt(0)!.toString(16).padStart(4, '0')} in ${show(result[stream].slice(Math.max(0, match.index - 20), match.index + 20))}`] : []
      }),
    )
    expect(dirty).toEqual([])
  })

  // Tables need a terminal: script(1) gives the CLI a pseudo-terminal. NO_COLOR keeps the CLI's own
  // SGR codes out, and GROUPME_PAGER=cat the pager's, so any escape left in the table came from the service.
  const hasScript = spawnSync('script', ['--version'], {stdio: 'ignore'}).status === 0
  ;(hasScript ? test : test.skip)('tables on a terminal (through script(1), NO_COLOR) hold no control sequence either', async () => {
    const table = async (args: string[]): Promise<{args: string[]; code: number | null; out: string}> => {
      const command = `stty cols 200 rows 50; exec ${[process.execPath, BIN, ...args].map((word) => `'${word}'`).join(' ')}`
      const child = spawn('script', ['-qec', command, '/dev/null'], {
        env: {PATH: process.env.PATH ?? '', HOME: scratch, GROUPME_CONFIG_DIR: scratch, NODE_ENV: 'production', NO_COLOR: '1', GROUPME_PAGER: 'cat', ...sandbox.env},
        stdio: ['pipe', 'pipe', 'pipe'],
      })
      child.stdin.end()
      let out = ''
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve))
      // The terminal turns \n into \r\n. dm purge's progress bar while it reads the history is the
      // CLI's own drawing (\r, the bar, erase to the end of the line), not the service's text.
      const ownProgress = /\r(?:\[[#-]+\] \d+\/\d+|\d+ messages)[^\r\n\u001b]*\u001b\[K|\r\u001b\[K/g
      return {args, code, out: out.replaceAll('\r\n', '\n').replace(ownProgress, '')}
    }

    const tables = await Promise.all([
      table(['chats', 'list', '--all']),
      table(['chats', 'show', MALLORY.id]),
      table(['dm', 'list', MALLORY.id, '--all']),
      table(['dm', 'purge', MALLORY.id, '--mine', '--dry-run']),
    ])
    expect(tables.map(({args, code}) => `${args.join(' ')}: ${code}`)).toEqual(tables.map(({args}) => `${args.join(' ')}: 0`))
    // They are tables (columns aligned with spaces, not the tab-separated lines of a pipe), with Mallory in them.
    for (const {out} of tables) {
      expect(out).toMatch(/\S {2,}\S/)
      expect(out).not.toContain('\t')
    }
    expect(tables[0].out).toContain('Mallory')
    const dirty = tables.flatMap(({args, out}) => {
      const match = UNSAFE_CHARACTERS.exec(out)
      return match ? [`${args.join(' ')}: U+${match[0].codePointAt(0)!.toString(16).padStart(4, '0')} in ${show(out.slice(Math.max(0, match.index - 30), match.index + 30))}`] : []
    })
    expect(dirty).toEqual([])
  })

  test('the location name with escapes was sent as typed (JSON output is what the service holds)', () => {
    const sent = sandbox.store.messages(ALICE.id).find((message) => message.text === 'hi \u001b[2J\u202e')
    expect(sent?.attachments).toEqual([{type: 'location', lat: '1', lng: '1', name: '\u001b[2Jx\u009b'}])
  })
})
