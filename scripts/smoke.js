#!/usr/bin/env node
// End-to-end smoke: every command of the built CLI once, against the sandbox, on the Node that
// runs this script. CI runs it on Node 22, 24 and 26 (.ci/run); the full test suite runs on the
// machine's Node. Checks exit codes and the shape of the output, that every command in the
// manifest has a case here, and that the start-up code cache (src/boot.ts) is written by the first
// run and used by the next.
//
//   node scripts/smoke.js [--bin PATH]
//
// PATH: the `bin/run.cjs` of another copy, such as a global install of the packed tarball
// (default: this checkout's; `npm run compile` first). Exits 1 when a check fails.
import {spawn} from 'node:child_process'
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

const binAt = process.argv.indexOf('--bin')
const bin = resolve(binAt > 0 ? process.argv[binAt + 1] : fileURLToPath(new URL('../bin/run.cjs', import.meta.url)))
const packageRoot = join(dirname(bin), '..')
const manifest = JSON.parse(readFileSync(join(packageRoot, 'oclif.manifest.json'), 'utf8'))

const home = mkdtempSync(join(tmpdir(), 'groupme-smoke-'))
const cacheHome = join(home, 'cache')
const baseEnv = {PATH: process.env.PATH, HOME: home, XDG_CACHE_HOME: cacheHome, NODE_ENV: 'production', GROUPME_CONFIG_DIR: join(home, 'config')}
const failures = []
const covered = new Set()

/** Run `groupme ARGS` on this Node; resolves {code, stdout, stderr, ms}. */
function groupme(args, {env = {}, stdin = '', timeoutMs = 60_000} = {}) {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint()
    const child = spawn(process.execPath, [bin, ...args], {env: {...baseEnv, ...env}, stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('error', fail)
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      done({code: code ?? signal, stdout, stderr, ms: Number(process.hrtime.bigint() - started) / 1e6})
    })
    child.stdin.end(stdin)
  })
}

/** One case: the command id it covers, its argv, and what its stdout must look like. */
async function check(command, args, shape, options = {}) {
  if (command) covered.add(command)
  const {expectCode = 0, ...runOptions} = options
  const result = await groupme(args, runOptions)
  let problem
  if (result.code !== expectCode) problem = `exit ${result.code}, expected ${expectCode}: ${result.stderr.trim().slice(-500)}`
  else {
    try {
      problem = shape(result.stdout) === true ? undefined : 'unexpected output'
    } catch (error) {
      problem = `unexpected output (${error.message})`
    }
  }

  report(`groupme ${args.join(' ')}`, problem, `${result.ms.toFixed(0)} ms`)
  if (problem) process.stderr.write(`  stdout: ${result.stdout.slice(0, 300)}\n`)
  return result
}

function report(what, problem, detail = '') {
  if (problem) failures.push(`${what}: ${problem}`)
  process.stdout.write(`${problem ? 'FAIL' : 'ok  '} ${what}${detail ? ` (${detail})` : ''}${problem ? `: ${problem}` : ''}\n`)
}

const json = (text) => JSON.parse(text)
const jsonLines = (text) => text.trim().split('\n').map((line) => JSON.parse(line))

/** `groupme sandbox` in the background; resolves with its environment once it listens. */
async function startSandbox() {
  covered.add('sandbox')
  const child = spawn(process.execPath, [bin, 'sandbox'], {env: baseEnv, stdio: ['ignore', 'pipe', 'pipe']})
  let stdout = ''
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk))
  await new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error('`groupme sandbox` did not start within 30 s')), 30_000)
    child.once('close', (code) => fail(new Error(`\`groupme sandbox\` exited (${code}) before it listened`)))
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      if (!chunk.includes('listening')) return
      clearTimeout(timer)
      done()
    })
  })
  const env = Object.fromEntries([...stdout.matchAll(/^export (\w+)='([^']*)'$/gm)].map((match) => [match[1], match[2]]))
  report('groupme sandbox', env.GROUPME_TOKEN && env.GROUPME_API_URL ? undefined : 'no export lines on stdout')
  return {
    env,
    stop: () =>
      new Promise((done) => {
        child.removeAllListeners('close')
        child.once('close', (code) => done(code))
        child.kill('SIGINT')
      }),
  }
}

/**
 * `dm watch --jsonl` (push through faye, loaded only by this command): a message sent while it
 * watches is printed once, and Ctrl-C ends it with exit 130.
 */
async function watchSmoke(user) {
  covered.add('dm:watch')
  const started = process.hrtime.bigint()
  const child = spawn(process.execPath, [bin, 'dm', 'watch', user, '--jsonl'], {env: baseEnv, stdio: ['ignore', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk))
  const closed = new Promise((done) => child.once('close', (code, signal) => done(code ?? signal)))
  const text = `watch smoke ${process.pid}`
  let problem
  try {
    // Sent until the watcher prints it: the first sends may come before it has subscribed, and
    // those are caught up over REST on connect, so every one of them is printed too.
    const deadline = Date.now() + 30_000
    while (!stdout.includes(text) && Date.now() < deadline) {
      await groupme(['dm', 'send', user, text, '--json'])
      await new Promise((done) => setTimeout(done, 1000))
    }

    const lines = stdout.trim() === '' ? [] : jsonLines(stdout)
    if (!lines.some((message) => message.text === text && typeof message.conversation_id === 'string')) problem = 'the message sent was not printed'
  } catch (error) {
    problem = `unexpected output (${error.message})`
  }

  child.kill('SIGINT')
  const code = await closed
  if (!problem && code !== 130) problem = `exit ${code} after Ctrl-C, expected 130: ${stderr.trim().slice(-300)}`
  report(`groupme dm watch ${user} --jsonl`, problem, `${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(0)} ms`)
}

function codeCacheFiles() {
  const dir = join(cacheHome, 'groupme', 'code-cache')
  let names = []
  try {
    names = readdirSync(dir)
  } catch {
    // not written
  }

  return names.filter((name) => name.startsWith(`${process.version}-`)).map((name) => join(dir, name))
}

process.stdout.write(`smoke: ${bin} on Node ${process.version}\n`)
mkdirSync(baseEnv.GROUPME_CONFIG_DIR)
const sandbox = await startSandbox()
try {
  Object.assign(baseEnv, sandbox.env)
  const version = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')).version
  await check(undefined, ['--version'], (out) => out.startsWith(`groupme-dm-cli/${version} `) && out.includes(`node-${process.version}`))
  await check(undefined, ['--help'], (out) => out.includes('USAGE') && out.includes('dm'))
  await check(undefined, ['help', 'dm', 'send'], (out) => out.includes('USAGE'))
  await check('completion', ['completion', 'bash'], (out) => out.includes('_groupme()') && out.includes('complete '))
  await check('completion', ['autocomplete', 'zsh'], (out) => out.includes('_groupme'))

  // The code cache: none yet; the first command writes it, the second uses it (a cache V8
  // refused would be written again, with a new modification time).
  const chats = await check('chats:list', ['chats', 'list', '--json'], (out) => json(out).length > 0)
  const [cacheFile, ...others] = codeCacheFiles()
  report('the first run wrote one code cache for this Node', cacheFile && others.length === 0 ? undefined : `found ${codeCacheFiles().length}`)
  const written = cacheFile && statSync(cacheFile).mtimeMs
  await check('chats:list', ['chats', 'list'], (out) => out.includes('Alice'))
  report('the second run used it', cacheFile && statSync(cacheFile).mtimeMs === written ? undefined : 'it was written again')
  const hasNodeCache = typeof (await import('node:module')).default.enableCompileCache === 'function'
  if (hasNodeCache) {
    const nodeCache = join(cacheHome, 'groupme', 'node')
    report("Node's compile cache holds the help run's modules", readdirSync(nodeCache).length > 0 ? undefined : `${nodeCache} is empty`)
  }

  const alice = json(chats.stdout).find((chat) => chat.other_user.name.startsWith('Alice')).other_user.id
  const chatId = json(chats.stdout).find((chat) => chat.other_user.id === alice).last_message.conversation_id
  await check('chats:show', ['chats', 'show', alice, '--json'], (out) => json(out).other_user.id === alice)
  await check('api', ['api', 'users/me'], (out) => typeof json(out).id === 'string')
  // --jq loads jq-wasm from node_modules (it is not in the bundle): an install must have it.
  await check('api', ['api', 'users/me', '--jq', '.id'], (out) => /^\d+\n$/.test(out))
  await check('auth:status', ['auth', 'status', '--json'], (out) => typeof json(out).user.id === 'string')
  await check('auth:login', ['auth', 'login', '--with-token'], () => true, {stdin: `${sandbox.env.GROUPME_TOKEN}\n`, env: {GROUPME_TOKEN: ''}})
  await check('auth:logout', ['auth', 'logout'], () => true, {env: {GROUPME_TOKEN: ''}})
  const list = await check('dm:list', ['dm', 'list', alice, '--limit', '5', '--json'], (out) => json(out).length === 5)
  await check('dm:list', ['dm', 'list', alice, '--all', '--jsonl'], (out) => jsonLines(out).every((message) => typeof message.id === 'string'))
  const sent = await check('dm:send', ['dm', 'send', alice, 'smoke test', '--json'], (out) => json(out).text === 'smoke test')
  const sentId = sent.code === 0 ? json(sent.stdout).id : 'none'
  await check('dm:delete', ['dm', 'delete', alice, sentId, '--yes', '--json'], (out) => json(out).deleted === true)
  const lastId = list.code === 0 ? json(list.stdout)[0].id : 'none'
  await check('receipt:send', ['receipt', 'send', chatId, lastId, '--json'], (out) => json(out).message_id === lastId)
  await check('dm:purge', ['dm', 'purge', alice, '--mine', '--match', 'Monday', '--dry-run', '--json'], (out) => Array.isArray(json(out)) && json(out).length > 0)
  const out = join(home, 'export.jsonl')
  await check('dm:export', ['dm', 'export', alice, '--out', out], () => jsonLines(readFileSync(out, 'utf8')).length > 0)
  await check('dm:tail', ['dm', 'tail', alice, '--state', join(home, 'tail.json'), '--jsonl'], (text) => jsonLines(text).length > 0)
  // The archive, on node:sqlite (src/lib/archive/sqlite.ts).
  const db = join(home, 'archive.db')
  await check('archive:sync', ['archive', 'sync', '--db', db, '--json'], (text) => typeof json(text) === 'object')
  await check('archive:search', ['archive', 'search', 'Monday', '--db', db, '--json'], (text) => Array.isArray(json(text)))
  await check('archive:stats', ['archive', 'stats', '--db', db, '--json'], (text) => typeof json(text) === 'object')
  await check('archive:sql', ['archive', 'sql', 'SELECT count(*) AS n FROM messages', '--db', db, '--json'], (text) => json(text)[0].n > 0)
  await check('archive:export', ['archive', 'export', '--db', db, '--out', join(home, 'archive-export')], () => readdirSync(join(home, 'archive-export')).length > 0)
  await check('archive:html', ['archive', 'html', '--db', db, '--out', join(home, 'site')], () => readdirSync(join(home, 'site')).includes('index.html'))
  // The whole DM: react, pin, blocks and chats delete (this last one on another chat, after the archive).
  const message = list.code === 0 ? json(list.stdout)[1].id : 'none'
  await check('dm:react', ['dm', 'react', alice, message, '🔥', '--json'], (out) => json(out).reaction === '🔥')
  await check('dm:unreact', ['dm', 'unreact', alice, message, '--json'], (out) => json(out).message_id === message)
  await check('dm:pin', ['dm', 'pin', alice, message, '--json'], (out) => json(out).pinned === true)
  await check('dm:pins', ['dm', 'pins', alice, '--json'], (out) => json(out).some((pinned) => pinned.id === message))
  await check('dm:unpin', ['dm', 'unpin', alice, message, '--json'], (out) => json(out).pinned === false)
  const other = json(chats.stdout).find((chat) => chat.other_user.id !== alice).other_user.id
  await check('blocks:add', ['blocks', 'add', other, '--json'], (out) => json(out).blocked === true)
  await check('blocks:check', ['blocks', 'check', other, '--json'], (out) => json(out) === true)
  await check('blocks:list', ['blocks', 'list', '--json'], (out) => json(out).length === 1)
  await check('blocks:remove', ['blocks', 'remove', other, '--json'], (out) => json(out).blocked === false)
  await check('chats:delete', ['chats', 'delete', other, '--yes', '--json'], (out) => json(out).deleted === true)
  // The MCP server: its answers to initialize and tools/list, one JSON-RPC message a line; it ends with stdin.
  const requests = [
    {jsonrpc: '2.0', id: 1, method: 'initialize', params: {protocolVersion: '2025-06-18', capabilities: {}, clientInfo: {name: 'smoke', version: '1'}}},
    {jsonrpc: '2.0', method: 'notifications/initialized'},
    {jsonrpc: '2.0', id: 2, method: 'tools/list'},
  ]
  await check('mcp', ['mcp'], (out) => jsonLines(out).find((answer) => answer.id === 2).result.tools.some((tool) => tool.name === 'search_messages'), {
    stdin: requests.map((request) => JSON.stringify(request)).join('\n') + '\n',
  })
  await check('mcp:config', ['mcp', 'config', 'claude'], (out) => json(out).mcpServers.groupme.args.includes('mcp'))
  await watchSmoke(alice)
  await check(undefined, ['dm', 'nope'], () => true, {expectCode: 2})
} finally {
  const code = await sandbox.stop()
  report('groupme sandbox stops on Ctrl-C', code === 0 ? undefined : `exit ${code}`)
  rmSync(home, {recursive: true, force: true})
}

for (const command of Object.keys(manifest.commands)) {
  if (!covered.has(command)) report(`groupme ${command.replaceAll(':', ' ')}`, 'no smoke case for this command (scripts/smoke.js)')
}

process.stdout.write(`smoke on Node ${process.version}: ${failures.length === 0 ? 'all passed' : `${failures.length} failed`}\n`)
process.exitCode = failures.length === 0 ? 0 : 1
