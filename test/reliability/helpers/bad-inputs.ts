/**
 * Bad input for every command: each must end in exit 2, a stderr line naming the bad part, and
 * not one request at the sandbox. security.test.ts re-runs these with --debug.
 */
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {ALICE, ME} from '../../../src/sandbox/index.js'

export interface BadInput {
  name: string
  args: string[]
  /** The bad part the message must name. */
  names: RegExp
  stdin?: string | Buffer
  env?: Record<string, string | undefined>
  /** Must not appear in stdout or stderr (a password in a URL). */
  hidden?: string
  /** What the message must say is wrong, beyond naming the part. */
  says?: RegExp
  /** Why the case cannot run here (it is then reported as skipped). */
  skip?: string
  /** Known to misbehave: what goes wrong. */
  bug?: string
}

const files = mkdtempSync(join(tmpdir(), 'groupme-bad-input-'))
export const FILES = {
  directory: join(files, 'photos.png'),
  missing: join(files, 'no-such-photo.png'),
  unreadable: join(files, 'locked.png'),
  notAnImage: join(files, 'notes.txt'),
  state: join(files, 'tail-state.json'),
  out: join(files, 'export.jsonl'),
  textNamedPng: join(files, 'notes.png'),
  configWithBadToken: join(files, 'config-bad-token'),
}
mkdirSync(FILES.directory)
writeFileSync(FILES.textNamedPng, 'just text, named like an image\n')
mkdirSync(FILES.configWithBadToken)
writeFileSync(join(FILES.configWithBadToken, 'config.json'), JSON.stringify({token: `tok\u001b[31m${'x'.repeat(36)}`}), {mode: 0o600})
writeFileSync(FILES.unreadable, 'not really a png')
chmodSync(FILES.unreadable, 0o000)
writeFileSync(FILES.notAnImage, 'hello')

/** root reads a 0000 file anyway (CI runs as root), so that case cannot fail there. */
const isRoot = process.getuid?.() === 0

const CHAT = `${ME.id}+${ALICE.id}`
const USER = ALICE.id
const MESSAGE = '179084520000000001'
const LONG_TEXT = 'x'.repeat(1001)

/** Valid arguments for each command, to which one flag with an empty value is added. */
const VALID_ARGS: Record<string, string[]> = {
  api: ['users/me'],
  'archive:export': ['--out', FILES.directory],
  'archive:html': ['--out', FILES.directory],
  'archive:search': ['coffee'],
  'archive:sql': ['SELECT 1'],
  'archive:stats': [],
  'archive:sync': [],
  'auth:login': ['--with-token'],
  'auth:logout': [],
  'auth:status': [],
  'blocks:add': [USER],
  'blocks:check': [USER],
  'blocks:list': [],
  'blocks:remove': [USER],
  'chats:delete': [CHAT, '--yes'],
  'chats:list': [],
  'chats:show': [CHAT],
  completion: ['bash'],
  'dm:delete': [CHAT, MESSAGE, '--yes'],
  'dm:export': [USER, '--out', FILES.out],
  'dm:list': [USER],
  'dm:pin': [CHAT, MESSAGE],
  'dm:pins': [CHAT],
  'dm:purge': [USER, '--mine', '--yes'],
  // The emoji flags need each other: both are there, so that either one can be the empty one;
  // --dedupe-window needs --source-guid.
  'dm:send': [USER, 'hi ?', '--emoji-placeholder', '?', '--emoji-charmap', '[[1,42]]', '--source-guid', 'bad-input-guid', '--dedupe-window', '1d'],
  'dm:react': [CHAT, MESSAGE],
  'dm:tail': [USER, '--state', FILES.state],
  'dm:unpin': [CHAT, MESSAGE],
  'dm:unreact': [CHAT, MESSAGE],
  'dm:watch': [USER],
  mcp: [],
  'mcp:config': ['claude'],
  'receipt:send': [CHAT],
  sandbox: [],
}

export const BAD_INPUTS: BadInput[] = [
  // auth
  {name: 'auth login without --with-token', args: ['auth', 'login'], names: /--with-token/},
  {name: 'auth login --with-token with nothing on stdin', args: ['auth', 'login', '--with-token'], stdin: '', names: /stdin|token/},
  {name: 'auth login --with-token with white space in the token', args: ['auth', 'login', '--with-token'], stdin: 'abc def\n', names: /white space|token/},
  {name: 'a misspelt command (dm lsit)', args: ['dm', 'lsit', USER], names: /lsit/},
  {name: 'chats list with an extra argument', args: ['chats', 'list', 'all'], names: /\ball\b/},
  {name: 'chats show with two chats', args: ['chats', 'show', CHAT, '1'], names: /unexpected argument "1"/},
  {name: 'auth login --token (no flag takes a token)', args: ['auth', 'login', '--token', 'x'.repeat(40)], names: /--token/},
  {name: 'auth status with an unknown flag', args: ['auth', 'status', '--verbose'], names: /--verbose/},
  {name: 'auth logout with an extra argument', args: ['auth', 'logout', 'everyone'], names: /everyone/},
  // chats list
  {name: 'chats list --per-page 101', args: ['chats', 'list', '--per-page', '101'], names: /--per-page/, says: /100/},
  {name: 'chats list --per-page 0', args: ['chats', 'list', '--per-page', '0'], names: /--per-page/, says: /\b1\b|greater/},
  {name: 'chats list --per-page abc', args: ['chats', 'list', '--per-page', 'abc'], names: /--per-page/, says: /integer|number/i},
  {name: 'chats list --page 0', args: ['chats', 'list', '--page', '0'], names: /--page/, says: /\b1\b|greater/},
  {name: 'chats list --page 2 --all', args: ['chats', 'list', '--page', '2', '--all'], names: /--page|--all/},
  {name: 'chats list --json --jsonl', args: ['chats', 'list', '--json', '--jsonl'], names: /--jsonl?/},
  // chats show
  {name: 'chats show with a non-numeric id', args: ['chats', 'show', 'abc'], names: /CHAT/},
  {name: 'chats show with an empty id', args: ['chats', 'show', ''], names: /CHAT/},
  {name: 'chats show 1+', args: ['chats', 'show', '1+'], names: /CHAT/},
  {name: 'chats show a+b', args: ['chats', 'show', 'a+b'], names: /CHAT/},
  {name: 'chats show 1+2+3', args: ['chats', 'show', '1+2+3'], names: /CHAT/},
  {name: 'chats show @ with no name', args: ['chats', 'show', '@'], names: /CHAT|@/},
  {name: 'chats show without CHAT', args: ['chats', 'show'], names: /CHAT|\bchat\b/},
  {name: 'dm delete without MESSAGE', args: ['dm', 'delete', CHAT, '--yes'], names: /MESSAGE|\bmessage\b/},
  // dm list
  {name: 'dm list with a non-numeric user', args: ['dm', 'list', 'alice'], names: /USER/},
  {name: 'dm list with an empty user', args: ['dm', 'list', ''], names: /USER/},
  // A chat id is a USER now (issue 11); one without my id is refused after GET /users/me (test/commands/names.test.ts).
  {name: 'dm list with a chat id of three ids', args: ['dm', 'list', `${CHAT}+1`], names: /USER/},
  {name: 'dm list --limit -5', args: ['dm', 'list', USER, '--limit', '-5'], names: /--limit/, says: /\b1\b|greater/},
  {name: 'dm list --limit 0', args: ['dm', 'list', USER, '--limit', '0'], names: /--limit/, says: /\b1\b|greater/},
  {name: 'dm list --limit 99999999999999', args: ['dm', 'list', USER, '--limit', '99999999999999'], names: /--limit/, says: /1,?000,?000|less/},
  {name: 'dm list --limit ten', args: ['dm', 'list', USER, '--limit', 'ten'], names: /--limit/, says: /integer|number/i},
  {name: 'dm list --limit 5 --all', args: ['dm', 'list', USER, '--limit', '5', '--all'], names: /--limit|--all/},
  {name: 'dm list --before-id and --since-id at once', args: ['dm', 'list', USER, '--before-id', MESSAGE, '--since-id', MESSAGE], names: /--before-id|--since-id/},
  {name: 'dm list --since-id and --after-id at once', args: ['dm', 'list', USER, '--since-id', MESSAGE, '--after-id', MESSAGE], names: /--since-id|--after-id/},
  {name: 'dm list --before-id abc', args: ['dm', 'list', USER, '--before-id', 'abc'], names: /--before-id/},
  {name: 'dm list --after-id -1', args: ['dm', 'list', USER, '--after-id=-1'], names: /--after-id/},
  // dm send
  {name: 'dm send 1,001 characters', args: ['dm', 'send', USER, LONG_TEXT], names: /TEXT|1,?000|1001/},
  {name: 'dm send 1,001 characters from stdin', args: ['dm', 'send', USER, '-'], stdin: `${LONG_TEXT}\n`, names: /TEXT|1,?000|1001/},
  {name: 'dm send empty text, no attachment', args: ['dm', 'send', USER, ''], names: /TEXT|nothing to send/},
  {name: 'dm send blank text, no attachment', args: ['dm', 'send', USER, '   '], names: /TEXT|nothing to send/},
  {name: 'dm send with nothing on stdin', args: ['dm', 'send', USER], stdin: '', names: /TEXT|nothing to send/},
  {name: 'dm send to a non-numeric user', args: ['dm', 'send', 'bob', 'hi'], names: /USER/},
  {name: 'dm send to a chat id joining a user with itself', args: ['dm', 'send', `${USER}+${USER}`, 'hi'], names: /USER/},
  {name: 'dm send --image of a missing file', args: ['dm', 'send', USER, 'hi', '--image', FILES.missing], names: /--image/},
  {name: 'dm send --image of a directory', args: ['dm', 'send', USER, 'hi', '--image', FILES.directory], names: /--image/},
  {
    name: 'dm send --image of an unreadable file',
    args: ['dm', 'send', USER, 'hi', '--image', FILES.unreadable],
    names: /--image/,
    skip: isRoot ? 'running as root, which reads a mode 0000 file anyway' : undefined,
  },
  {name: 'dm send --image of a text file', args: ['dm', 'send', USER, 'hi', '--image', FILES.notAnImage], names: /--image/},
  {name: 'dm send --image of a bad URL', args: ['dm', 'send', USER, 'hi', '--image', 'https://exa mple.com/x.png'], names: /--image/},
  {name: 'dm send --location 91,0', args: ['dm', 'send', USER, 'hi', '--location', '91,0'], names: /--location/},
  {name: 'dm send --location 0,181', args: ['dm', 'send', USER, 'hi', '--location', '0,181'], names: /--location/},
  {name: 'dm send --location abc', args: ['dm', 'send', USER, 'hi', '--location', 'abc'], names: /--location/},
  {name: 'dm send --location 1', args: ['dm', 'send', USER, 'hi', '--location', '1'], names: /--location/},
  {name: 'dm send --attachment with invalid JSON', args: ['dm', 'send', USER, 'hi', '--attachment', '{"type": "image",'], names: /--attachment/},
  {name: 'dm send --attachment that is an array', args: ['dm', 'send', USER, 'hi', '--attachment', '[1, 2]'], names: /--attachment/},
  {name: 'dm send --attachment without a type', args: ['dm', 'send', USER, 'hi', '--attachment', '{"url": "https://example.com"}'], names: /--attachment/},
  {
    name: 'dm send --emoji-charmap that is an object',
    args: ['dm', 'send', USER, 'hi ?', '--emoji-placeholder', '?', '--emoji-charmap', '{"1": 42}'],
    names: /--emoji-charmap/,
  },
  {
    name: 'dm send --emoji-charmap of triples',
    args: ['dm', 'send', USER, 'hi ?', '--emoji-placeholder', '?', '--emoji-charmap', '[[1, 2, 3]]'],
    names: /--emoji-charmap/,
  },
  {name: 'dm send --emoji-charmap without --emoji-placeholder', args: ['dm', 'send', USER, 'hi', '--emoji-charmap', '[[1,42]]'], names: /--emoji-placeholder/},
  {name: 'dm send with an unknown flag', args: ['dm', 'send', USER, 'hi', '--urgent'], names: /--urgent/},
  // dm delete
  {name: 'dm delete a non-numeric message', args: ['dm', 'delete', CHAT, 'abc', '--yes'], names: /MESSAGE/},
  {name: 'dm delete an empty message id', args: ['dm', 'delete', CHAT, '', '--yes'], names: /MESSAGE/},
  {name: 'dm delete in chat 1+', args: ['dm', 'delete', '1+', MESSAGE, '--yes'], names: /CHAT/},
  {name: 'dm delete in chat a+b', args: ['dm', 'delete', 'a+b', MESSAGE, '--yes'], names: /CHAT/},
  {name: 'dm delete without --yes off a terminal', args: ['dm', 'delete', CHAT, MESSAGE], names: /--yes/},
  // receipt send
  {name: 'receipt send a non-numeric message', args: ['receipt', 'send', CHAT, 'latest'], names: /MESSAGE/},
  {name: 'receipt send in chat 1+2+3', args: ['receipt', 'send', '1+2+3'], names: /CHAT/},
  {name: 'receipt send in an empty chat id', args: ['receipt', 'send', ''], names: /CHAT/},
  // dm export
  {name: 'dm export without --out', args: ['dm', 'export', USER], names: /--out|\bout\b/},
  {name: 'dm export a non-numeric user', args: ['dm', 'export', 'alice', '--out', FILES.out], names: /USER/},
  {name: 'dm export --since that is no date', args: ['dm', 'export', USER, '--out', FILES.out, '--since', 'yesterday'], names: /--since/},
  {name: 'dm export --since 2026-02-30', args: ['dm', 'export', USER, '--out', FILES.out, '--since', '2026-02-30'], names: /--since/},
  {name: 'dm export --until 2026-13-01', args: ['dm', 'export', USER, '--out', FILES.out, '--until', '2026-13-01'], names: /--until/},
  {
    name: 'dm export --since after --until',
    args: ['dm', 'export', USER, '--out', FILES.out, '--since', '2026-02-01', '--until', '2026-01-01'],
    names: /--since|--until/,
  },
  {name: 'dm export --page-size 101', args: ['dm', 'export', USER, '--out', FILES.out, '--page-size', '101'], names: /--page-size/, says: /100/},
  {name: 'dm export --order sideways', args: ['dm', 'export', USER, '--out', FILES.out, '--order', 'sideways'], names: /order|sideways/},
  // dm tail
  {name: 'dm tail without --state', args: ['dm', 'tail', USER], names: /--state|\bstate\b/},
  {name: 'dm tail a non-numeric user', args: ['dm', 'tail', 'alice', '--state', FILES.state], names: /USER/},
  {name: 'dm tail --limit 0', args: ['dm', 'tail', USER, '--state', FILES.state, '--limit', '0'], names: /--limit/, says: /\b1\b|greater/},
  {name: 'dm tail --interval 0', args: ['dm', 'tail', USER, '--state', FILES.state, '--interval', '0'], names: /--interval/, says: /\b1\b|greater/},
  {name: 'dm tail --exit-status with --follow', args: ['dm', 'tail', USER, '--state', FILES.state, '--exit-status', '--follow'], names: /--exit-status|--follow/},
  // dm purge
  {name: 'dm purge without --mine', args: ['dm', 'purge', USER, '--yes'], names: /--mine/},
  {name: 'dm purge --before that is no date', args: ['dm', 'purge', USER, '--mine', '--before', 'last week', '--yes'], names: /--before/},
  {name: 'dm purge --match with a broken pattern', args: ['dm', 'purge', USER, '--mine', '--match', '(unclosed', '--yes'], names: /--match/},
  {name: 'dm purge --ignore-case without --match', args: ['dm', 'purge', USER, '--mine', '--ignore-case', '--yes'], names: /--match|--ignore-case/},
  {name: 'dm purge in chat a+b', args: ['dm', 'purge', 'a+b', '--mine', '--yes'], names: /CHAT/},
  {name: 'dm purge without --yes off a terminal', args: ['dm', 'purge', USER, '--mine'], names: /--yes/},
  // global flags and the environment
  {name: '--timeout 0', args: ['chats', 'list', '--timeout', '0'], names: /--timeout/, says: /\b1\b|greater/},
  {name: '--timeout soon', args: ['dm', 'list', USER, '--timeout', 'soon'], names: /--timeout/, says: /integer|number/i},
  {name: 'GROUPME_API_URL over plain http to a remote host', args: ['chats', 'list'], env: {GROUPME_API_URL: 'http://example.com/v3'}, names: /GROUPME_API_URL/},
  {name: 'GROUPME_V2_URL over plain http to a remote host', args: ['receipt', 'send', CHAT, MESSAGE], env: {GROUPME_V2_URL: 'http://v2.example.com'}, names: /GROUPME_V2_URL/},
  {
    name: 'GROUPME_IMAGE_URL over plain http to a private address',
    args: ['dm', 'send', USER, 'hi', '--image', 'https://example.com/x.png'],
    env: {GROUPME_IMAGE_URL: 'http://10.0.0.1/image'},
    names: /GROUPME_IMAGE_URL/,
  },
  {name: 'GROUPME_API_URL with ftp://', args: ['chats', 'list'], env: {GROUPME_API_URL: 'ftp://127.0.0.1/v3'}, names: /GROUPME_API_URL/},
  {name: 'GROUPME_API_URL that is no URL', args: ['chats', 'list'], env: {GROUPME_API_URL: 'api.groupme.com/v3'}, names: /GROUPME_API_URL/},
  {name: 'GROUPME_MAX_RPS that is no number', args: ['chats', 'list'], env: {GROUPME_MAX_RPS: 'fast'}, names: /GROUPME_MAX_RPS/},
  // careless scripts (issue 10)
  {name: 'dm purge --match "" (an unset variable would match everything)', args: ['dm', 'purge', USER, '--mine', '--match', '', '--yes'], names: /--match/, says: /empty/},
  {name: 'dm purge --match= (empty, attached)', args: ['dm', 'purge', USER, '--mine', '--match=', '--yes'], names: /--match/, says: /empty/},
  {name: 'dm send with invalid UTF-8 on stdin', args: ['dm', 'send', USER, '-'], stdin: Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), names: /TEXT|stdin/, says: /UTF-8/},
  {name: 'dm send with TEXT from stdin holding a NUL byte', args: ['dm', 'send', USER], stdin: Buffer.from('a\u0000b\n'), names: /TEXT|stdin/, says: /NUL/},
  {name: 'auth login with a token that is not UTF-8', args: ['auth', 'login', '--with-token'], stdin: Buffer.concat([Buffer.from('x'.repeat(39)), Buffer.from([0xff])]), env: {GROUPME_TOKEN: undefined}, names: /token/, says: /UTF-8/},
  {name: 'auth login with a NUL byte in the token', args: ['auth', 'login', '--with-token'], stdin: Buffer.from(`${'x'.repeat(20)}\u0000${'x'.repeat(19)}`), env: {GROUPME_TOKEN: undefined}, names: /token/, says: /NUL/},
  // tokens of a shape no token has: checked once, nothing sent
  {name: 'auth login with ESC in the token', args: ['auth', 'login', '--with-token'], stdin: `\u001b[2J${'x'.repeat(36)}\n`, env: {GROUPME_TOKEN: undefined}, names: /token/, says: /control character/},
  {name: 'auth login with a token of 3 characters', args: ['auth', 'login', '--with-token'], stdin: 'abc\n', env: {GROUPME_TOKEN: undefined}, names: /token/, says: /characters long/},
  {name: 'GROUPME_TOKEN with a newline inside', args: ['chats', 'list'], env: {GROUPME_TOKEN: `tok\nX${'x'.repeat(36)}`}, names: /GROUPME_TOKEN/, says: /control character/},
  {name: 'GROUPME_TOKEN with a non-ASCII letter', args: ['dm', 'list', USER], env: {GROUPME_TOKEN: `tök${'x'.repeat(37)}`}, names: /GROUPME_TOKEN/, says: /non-ASCII/},
  {
    name: 'a config file whose token holds an escape sequence',
    args: ['chats', 'list'],
    env: {GROUPME_TOKEN: undefined, GROUPME_CONFIG_DIR: FILES.configWithBadToken},
    names: /config\.json/,
    says: /control character/,
  },
  // base URLs: no credentials, no query or fragment, never echoed
  {
    name: 'GROUPME_API_URL with user:password@',
    args: ['chats', 'list'],
    env: {GROUPME_API_URL: 'http://user:s3cretPassw0rd@127.0.0.1:9/v3'},
    names: /GROUPME_API_URL/,
    says: /user info/,
    hidden: 's3cretPassw0rd',
  },
  {name: 'GROUPME_IMAGE_URL with a user name only', args: ['chats', 'list'], env: {GROUPME_IMAGE_URL: 'https://someone@image.example.com'}, names: /GROUPME_IMAGE_URL/, says: /user info/},
  {name: 'GROUPME_API_URL with a query', args: ['chats', 'list'], env: {GROUPME_API_URL: 'https://api.example.com/v3?x=1'}, names: /GROUPME_API_URL/, says: /query/},
  {name: 'GROUPME_V2_URL with a fragment', args: ['receipt', 'send', CHAT, MESSAGE], env: {GROUPME_V2_URL: 'https://v2.example.com/#top'}, names: /GROUPME_V2_URL/, says: /fragment/},
  {name: 'GROUPME_API_URL that is no URL, with a password in it', args: ['chats', 'list'], env: {GROUPME_API_URL: 'http://user:hunter2hunter2@[bad'}, names: /GROUPME_API_URL/, hidden: 'hunter2hunter2'},
  // ids as the service writes them
  {name: 'dm list user 0', args: ['dm', 'list', '0'], names: /USER/},
  {name: 'dm send to a user id with a leading zero', args: ['dm', 'send', '056366372', 'hi'], names: /USER/, says: /leading zero/},
  {name: 'chats show a compound id with a leading zero', args: ['chats', 'show', '056366372+93645911'], names: /CHAT/, says: /leading zero/},
  {name: 'chats show a compound id with user 0', args: ['chats', 'show', '0+93645911'], names: /CHAT/},
  {name: 'dm list --before-id with a leading zero', args: ['dm', 'list', USER, '--before-id', '0179084520000000001'], names: /--before-id/},
  {name: 'dm delete a message id with a leading zero', args: ['dm', 'delete', CHAT, `0${MESSAGE}`, '--yes'], names: /MESSAGE/},
  // media
  {name: 'dm send --image of a text file named .png', args: ['dm', 'send', USER, 'hi', '--image', FILES.textNamedPng], names: /--image/, says: /not an image/},
  {name: 'dm send --image of an empty file', args: ['dm', 'send', USER, 'hi', '--image', '/dev/null'], names: /--image/},
  // `-` where a file goes: no flag here reads stdin or writes stdout, and none makes a file named -
  {name: 'dm export --out -', args: ['dm', 'export', USER, '--out', '-'], names: /--out/, says: /stdout|file/},
  {name: 'dm export --media -', args: ['dm', 'export', USER, '--out', FILES.out, '--media', '-'], names: /--media/},
  {name: 'dm tail --state -', args: ['dm', 'tail', USER, '--state', '-'], names: /--state/},
  {name: 'dm watch --state -', args: ['dm', 'watch', USER, '--state', '-'], names: /--state/},
  {name: 'dm watch --reconcile 0', args: ['dm', 'watch', USER, '--reconcile', '0'], names: /--reconcile/, says: /duration/},
  {name: 'dm watch --json (never one array)', args: ['dm', 'watch', USER, '--json'], names: /--json/, says: /--jsonl/},
  {name: 'dm send --image -', args: ['dm', 'send', USER, 'hi', '--image', '-'], names: /--image/, says: /stdin/},
  // the archive: nothing is sent, nothing is opened
  {name: 'archive sync --refresh 7y', args: ['archive', 'sync', '--refresh', '7y'], names: /--refresh/, says: /duration/},
  {name: 'archive sync --refresh 0d', args: ['archive', 'sync', '--refresh', '0d'], names: /--refresh/},
  {name: 'archive sync --concurrency 0', args: ['archive', 'sync', '--concurrency', '0'], names: /--concurrency/},
  {name: 'archive sync --chat that is no chat', args: ['archive', 'sync', '--chat', 'alice'], names: /CHAT|USER/},
  {name: 'archive sync --db -', args: ['archive', 'sync', '--db', '-'], names: /--db/},
  {name: 'archive search with an empty QUERY', args: ['archive', 'search', ' '], names: /QUERY/, says: /empty/},
  {name: 'archive search --has pdf', args: ['archive', 'search', 'x', '--has', 'pdf'], names: /--has/},
  {name: 'archive search --since after --until', args: ['archive', 'search', 'x', '--since', '2026-11-01', '--until', '2026-10-01'], names: /--since/},
  {name: 'archive stats --by year', args: ['archive', 'stats', '--by', 'year'], names: /--by/},
  {name: 'archive sql with an empty statement', args: ['archive', 'sql', ' '], names: /SQL/, says: /empty/},
  {name: 'archive export --format xml', args: ['archive', 'export', '--format', 'xml', '--out', FILES.directory], names: /--format/},
  {name: 'archive export --out -', args: ['archive', 'export', '--out', '-'], names: /--out/},
  {name: 'archive html --out -', args: ['archive', 'html', '--out', '-'], names: /--out/},
  // the sandbox
  {name: 'sandbox --messages 5000000', args: ['sandbox', '--messages', '5000000'], names: /--messages/, says: /1,?000,?000|less/},
  ...emptyValueCases(),
]

/**
 * Every flag that takes a value, of every command in the manifest, given an empty one: exit 2
 * before any request. Half as `--flag ''`, half as `--flag=`.
 */
function emptyValueCases(): BadInput[] {
  const manifest = JSON.parse(readFileSync(new URL('../../../oclif.manifest.json', import.meta.url), 'utf8')) as {
    commands: Record<string, {flags: Record<string, {type: string}>}>
  }
  const cases: BadInput[] = []
  for (const [id, command] of Object.entries(manifest.commands)) {
    const valid = VALID_ARGS[id]
    if (!valid) throw new Error(`bad-inputs: no valid arguments for the command ${id}; add them to VALID_ARGS`)
    for (const [flag, definition] of Object.entries(command.flags)) {
      if (definition.type !== 'option') continue
      const at = valid.indexOf(`--${flag}`)
      const others = at === -1 ? valid : [...valid.slice(0, at), ...valid.slice(at + 2)]
      const attached = cases.length % 2 === 1
      cases.push({
        name: `${id.replaceAll(':', ' ')} --${flag}${attached ? '=' : " ''"} (empty)`,
        args: [...id.split(':'), ...others, ...(attached ? [`--${flag}=`] : [`--${flag}`, ''])],
        names: new RegExp(`--${flag}\\b`),
        says: /empty|integer|one of/i,
      })
    }
  }

  return cases
}
