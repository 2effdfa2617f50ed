#!/usr/bin/env node
// `npm run demo`: start the embedded sandbox, walk through the commands against it, and exit.
// Everything it writes (the login, exports, the archive, the site) goes in one temporary folder,
// removed at the end, also after a failure or Ctrl-C; `npm run demo -- --keep` keeps it.
import {spawn, spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {startSandbox} from '../dist/sandbox/index.js'

const bin = fileURLToPath(new URL('../bin/run.cjs', import.meta.url))
const keep = process.argv.includes('--keep')
const root = mkdtempSync(join(tmpdir(), 'groupme-demo-'))
const work = join(root, 'files')
mkdirSync(work)
const sandbox = await startSandbox()
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  TERM: process.env.TERM || 'xterm',
  NODE_ENV: 'production',
  GROUPME_CONFIG_DIR: join(root, 'config'),
  // Tables are shown whole, never through a pager that would wait for a key.
  GROUPME_PAGER: 'cat',
  // Colour only when the demo itself is on a terminal, even for the commands run on a pseudo-terminal.
  ...(process.stdout.isTTY ? {} : {NO_COLOR: '1'}),
  ...sandbox.env,
}
// The demo logs in as a person does (`auth login` below), and every later command uses that saved
// login: with GROUPME_TOKEN set, the login would only warn that the variable wins over it.
delete env.GROUPME_TOKEN

/** The demo's files go when it ends, however it ends. */
function removeFiles() {
  if (keep) console.log(`\nThe demo's files are in ${root} (kept: --keep).`)
  else {
    rmSync(root, {recursive: true, force: true})
    console.log(`\nThe demo's files were in ${root}; removed.`)
  }
}

/** The commands running now: Ctrl-C waits for them to end before the files go. */
const running = new Set()

process.once('SIGINT', async () => {
  await Promise.all([...running].map((child) => new Promise((resolve) => {
    child.once('close', resolve)
    child.kill('SIGINT')
  })))
  await sandbox.close()
  removeFiles()
  process.exit(130)
})

/**
 * A person runs groupme on a terminal and sees tables; the demo's own output may be a pipe. So
 * the commands marked `table` run on a pseudo-terminal of the demo's width (script(1), from
 * util-linux) when there is one to be had, and print what a terminal shows.
 */
const canUseTerminal = spawnSync('script', ['--version'], {stdio: 'ignore'}).status === 0
const columns = process.stdout.columns || 100

function spawnCli(args, table) {
  const command = [process.execPath, bin, ...args].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ')
  const child = table && canUseTerminal
    ? spawn('script', ['-qfec', `stty cols ${columns} rows 50; exec ${command}`, '/dev/null'], {env, stdio: ['pipe', 'pipe', 'pipe']})
    : spawn(process.execPath, [bin, ...args], {env, stdio: ['pipe', 'pipe', 'pipe']})
  running.add(child)
  child.once('close', () => running.delete(child))
  return child
}

function groupme(args, {stdin = '', expectCode = 0, show = true, table = false} = {}) {
  if (show) process.stdout.write(`\n$ groupme ${args.map(quote).join(' ')}${stdin ? `   # stdin: ${JSON.stringify(stdin)}` : ''}\n`)
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, table)
    let stdout = ''
    // A pseudo-terminal ends its lines with \r\n.
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk.replaceAll('\r\n', '\n')
      if (show) process.stdout.write(chunk.replaceAll('\r\n', '\n'))
    })
    child.stderr.on('data', (chunk) => show && process.stdout.write(`  (stderr) ${chunk}`))
    child.stdin.end(stdin)
    child.on('close', (code) => {
      if (show) process.stdout.write(`  (exit ${code})\n`)
      if (code === expectCode) resolve(stdout)
      else reject(new Error(`groupme ${args.join(' ')} exited ${code}, expected ${expectCode}`))
    })
  })
}

function quote(arg) {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`
}

/** dm watch: Alice writes while it runs, and her message appears at once (then Ctrl-C). */
async function watchLive() {
  process.stdout.write(`\n$ groupme dm watch ${alice} --jsonl   # Alice writes a second later; then Ctrl-C\n`)
  const listings = () => sandbox.requests.filter((request) => request.path === '/v3/chats').length
  const before = listings()
  const child = spawn(process.execPath, [bin, 'dm', 'watch', alice, '--jsonl'], {env, stdio: ['ignore', 'pipe', 'pipe']})
  running.add(child)
  child.once('close', () => running.delete(child))
  let printed = ''
  child.stdout.on('data', (chunk) => {
    printed += chunk
    process.stdout.write(chunk)
  })
  child.stderr.on('data', (chunk) => process.stdout.write(`  (stderr) ${chunk}`))
  const exited = new Promise((resolve) => child.once('close', resolve))
  const until = async (condition) => {
    for (let waited = 0; !condition(); waited += 50) {
      if (waited > 15_000) throw new Error('dm watch did not print the message')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  // Listening once it has listed the chats at its start and again after subscribing.
  await until(() => listings() >= before + 2)
  await new Promise((resolve) => setTimeout(resolve, 1000))
  sandbox.store.insert({senderId: alice, otherUserId: alice, text: 'Are you watching? This arrived over push.'})
  await until(() => printed.includes('arrived over push'))
  child.kill('SIGINT')
  const code = await exited
  process.stdout.write(`  (exit ${code})\n`)
  if (code !== 130) throw new Error(`groupme dm watch exited ${code}, expected 130`)
}

const alice = '118825642'
try {
  console.log(`GroupMe sandbox on ${sandbox.url}; you are user ${sandbox.meId}. The demo's files go in ${root}.`)
  await groupme(['auth', 'login', '--with-token'], {stdin: sandbox.token + '\n'})
  await groupme(['auth', 'status'], {table: true})
  await groupme(['chats', 'list'], {table: true})
  console.log('\nIn a pipe, the same columns as tab-separated lines, for cut, awk and sort:')
  await groupme(['chats', 'list'])
  await groupme(['chats', 'show', alice], {table: true})
  await groupme(['dm', 'list', alice, '--limit', '8'], {table: true})
  await groupme(['dm', 'list', alice, '--limit', '2', '--json'])
  await groupme(['dm', 'send', alice, 'hi', '--location', '40.7382,-73.9933,GroupMe HQ', '--dry-run'])
  const sent = JSON.parse(await groupme(['dm', 'send', alice, 'Hello from the demo', '--json']))
  await groupme(['dm', 'send', alice], {stdin: 'a line from stdin\n'})
  await groupme(['dm', 'send', alice, 'same guid', '--source-guid', sent.source_guid], {expectCode: 6})
  await groupme(['dm', 'delete', alice, sent.id], {expectCode: 2})
  await groupme(['dm', 'delete', alice, sent.id, '--yes'])
  await groupme(['receipt', 'send', alice])
  // React, reply, pin (docs/actions.md).
  const lunch = JSON.parse(await groupme(['dm', 'send', alice, 'Lunch at noon?', '--json'], {show: false}))
  await groupme(['dm', 'react', alice, lunch.id, '🔥'])
  const reply = JSON.parse(await groupme(['dm', 'send', alice, 'Or one?', '--reply-to', lunch.id, '--json']))
  await groupme(['dm', 'pin', alice, reply.id])
  await groupme(['dm', 'pins', alice], {table: true})
  await groupme(['dm', 'send', '@bob', 'hi'], {expectCode: 2})
  await groupme(['dm', 'list', '@alice', '--limit', '3'], {table: true})
  await groupme(['dm', 'export', alice, '--out', join(work, 'alice.jsonl'), '--media', join(work, 'media')])
  await groupme(['dm', 'tail', alice, '--state', join(work, 'tail.json'), '--limit', '2'])
  await groupme(['dm', 'send', alice, 'something new for tail'], {show: false})
  await groupme(['dm', 'tail', alice, '--state', join(work, 'tail.json')])
  await groupme(['dm', 'tail', alice, '--state', join(work, 'tail.json'), '--exit-status'], {expectCode: 7})
  await watchLive()
  await groupme(['dm', 'export', alice, '--out', join(work, 'alice.jsonl')])
  await groupme(['dm', 'purge', alice, '--mine', '--match', '^Draft', '--dry-run'])
  await groupme(['dm', 'list', 'not-a-user'], {expectCode: 2})
  // The archive: every chat into SQLite, then searched and counted offline.
  const db = join(work, 'archive.db')
  await groupme(['archive', 'sync', '--db', db, '--media'])
  const coffee = JSON.parse(await groupme(['dm', 'send', alice, 'One more coffee tomorrow?', '--json'], {show: false}))
  await groupme(['archive', 'sync', '--db', db])
  // Alice likes it after it was archived: a sync with --refresh picks the like up.
  sandbox.store.like(sandbox.store.findMessage(sandbox.store.conversation(alice), coffee.id), alice)
  await groupme(['archive', 'sync', '--db', db, '--refresh', '7d'])
  await groupme(['archive', 'search', 'coffee OR cafe', '--db', db], {table: true})
  await groupme(['archive', 'search', 'whiteboard', '--has', 'image', '--db', db, '--jsonl'])
  await groupme(['archive', 'stats', '--by', 'chat', '--db', db], {table: true})
  await groupme(['archive', 'stats', '--chat', '@Alice', '--by', 'weekday', '--db', db], {table: true})
  await groupme(['archive', 'sql', 'SELECT name, count(*) AS messages FROM messages GROUP BY name ORDER BY messages DESC LIMIT 3', '--db', db], {table: true})
  // The archive as a website that opens offline: the last line is the address to open.
  await groupme(['archive', 'html', '--db', db, '--out', join(work, 'site')])
  console.log('\nDemo finished: every command behaved as expected.')
} catch (error) {
  console.error(`\nDemo failed: ${error.message}`)
  process.exitCode = 1
} finally {
  await sandbox.close()
  removeFiles()
}
