/**
 * The fault matrix's two axes: commands (with what each must leave in the sandbox) and faults
 * (with the outcome the README documents once the retries run out). security.test.ts re-runs
 * a sample of these with --debug.
 */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {ALICE, BENCH_PARTNER, ME, type FaultSpec, type Sandbox, type SandboxOptions} from '../../../src/sandbox/index.js'
import type {CliResult} from '../../helpers/run-in-process.js'
import {type ExpectedError, type OutputMode, sameSet} from './checks.js'

export const ALICE_CHAT = `${ME.id}+${ALICE.id}`
export const PARTNER = BENCH_PARTNER.id
/** Messages in the generated conversation: three pages of 100 and a short one. */
export const HISTORY = 250

// ---------------------------------------------------------------------------------------------
// Faults
// ---------------------------------------------------------------------------------------------

export interface Fault {
  name: string
  /** The fault at the target; `times` is added by the variant. */
  spec: (target: Target) => FaultSpec
  /** Retried by the client (408/420/429/5xx/network), so injected once it is recovered from. */
  retryable: boolean
  /** The service carried the action out before the fault (the answer was lost or late). */
  commits: boolean
  /** Extra arguments (a short --timeout for a slow answer). */
  args?: string[]
  /** Attempts made when the fault never clears, when fewer than the retry budget (a deadline cuts them short). */
  attempts?: number
  /** The outcome when it does not recover: after the retries, or at once when not retryable. */
  expected: ExpectedError
}

export interface Target {
  method: string
  path: string | RegExp
}

const NO_WAIT = {'Retry-After': '0'}
const HTML_PAGE = '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1>\u001b[2J</body></html>\n'
const MALFORMED = '{"response": {"direct_messages": [{"id": "1'
const envelopeNull = (code: number) => JSON.stringify({response: null, meta: {code, errors: ['backend exploded']}})

const status = (code: number, headers?: Record<string, string>, body?: string, contentType?: string) => (target: Target): FaultSpec => ({
  ...target,
  kind: 'status',
  status: code,
  headers: {...headers, ...(contentType ? {'content-type': contentType} : {})},
  ...(body === undefined ? {} : {body}),
})

const rateLimited = (code: number): ExpectedError => ({exit: 5, code: 'rate_limited', status: code, message: new RegExp(`${code}.*rate-limited`)})
const serverError = (code: number, message = new RegExp(String(code))): ExpectedError => ({exit: 1, code: 'server', status: code, message})
const network = (message: RegExp): ExpectedError => ({exit: 1, code: 'network', status: null, message})

export const FAULTS: Fault[] = [
  {name: '429 + Retry-After', spec: status(429, NO_WAIT), retryable: true, commits: false, expected: rateLimited(429)},
  {name: '429, no Retry-After', spec: status(429), retryable: true, commits: false, expected: rateLimited(429)},
  {name: '420', spec: status(420, NO_WAIT), retryable: true, commits: false, expected: rateLimited(420)},
  {name: '500', spec: status(500, NO_WAIT), retryable: true, commits: false, expected: serverError(500)},
  {name: '502', spec: status(502, NO_WAIT), retryable: true, commits: false, expected: serverError(502)},
  {name: '503', spec: status(503, NO_WAIT), retryable: true, commits: false, expected: serverError(503)},
  {name: '504', spec: status(504, NO_WAIT), retryable: true, commits: false, expected: serverError(504)},
  {name: 'reset before the answer', spec: (target) => ({...target, kind: 'reset'}), retryable: true, commits: false, expected: network(/reset|network|hang up/i)},
  {
    name: 'dropped after commit',
    spec: (target) => ({...target, kind: 'drop-after-commit'}),
    retryable: true,
    commits: true,
    expected: network(/reset|network|hang up/i),
  },
  {
    name: 'slow answer past --timeout',
    spec: (target) => ({...target, kind: 'delay', ms: 4500}),
    retryable: true,
    commits: true,
    args: ['--timeout', '2'],
    // Each attempt waits 2 s; the request gives up at 4 s, twice --timeout: the second attempt (given
    // what is left, about 1.7 s) is the last.
    attempts: 2,
    expected: network(/timed out/),
  },
  // A broken 200 is retried like a 5xx (docs/service.md, Messages).
  {name: 'malformed JSON, 200', spec: status(200, undefined, MALFORMED), retryable: true, commits: false, expected: serverError(200, /broken answer.*not JSON/)},
  {name: 'malformed JSON, 500', spec: status(500, NO_WAIT, MALFORMED), retryable: true, commits: false, expected: serverError(500)},
  {name: 'HTML page, 200', spec: status(200, undefined, HTML_PAGE, 'text/html'), retryable: true, commits: false, expected: serverError(200, /broken answer.*not JSON/)},
  {name: 'HTML page, 500', spec: status(500, NO_WAIT, HTML_PAGE, 'text/html'), retryable: true, commits: false, expected: serverError(500, /500.*HTML/)},
  {
    name: 'response null + errors, 200',
    spec: status(200, undefined, envelopeNull(200)),
    retryable: true,
    commits: false,
    expected: serverError(200, /backend exploded/),
  },
  {
    name: 'response null + errors, 500',
    spec: status(500, NO_WAIT, envelopeNull(500)),
    retryable: true,
    commits: false,
    expected: serverError(500, /500.*backend exploded/),
  },
  {
    name: '401',
    spec: status(401),
    retryable: false,
    commits: false,
    expected: {exit: 3, code: 'unauthenticated', status: 401, message: /401.*auth login/},
  },
  {name: '403', spec: status(403), retryable: false, commits: false, expected: {exit: 5, code: 'forbidden', status: 403, message: /403/}},
  {name: '404', spec: status(404), retryable: false, commits: false, expected: {exit: 4, code: 'not_found', status: 404, message: /404/}},
  {name: '409', spec: status(409), retryable: false, commits: false, expected: {exit: 6, code: 'conflict', status: 409, message: /409|already sent/}},
]

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

export interface Verdict {
  /** Did the run succeed (recovered), or fail as documented? */
  succeeded: boolean
  fault: Fault
  mode: OutputMode
  /** stdout parsed in `mode`: JSON values, or plain lines. */
  values: unknown[]
}

export interface Prepared {
  args: string[]
  /** What the sandbox and output must show after the run. */
  check: (result: CliResult, verdict: Verdict) => string[]
  /** dm export: run again without faults and compare the file with the store. */
  recover?: (rerun: (args: string[]) => Promise<CliResult>) => Promise<string[]>
}

export interface CommandCase {
  name: string
  sandbox: SandboxOptions
  target: Target
  /** Matching requests let through before the fault, so it lands mid-stream. */
  passFirst: number
  modes: OutputMode[]
  /** Stderr may hold other lines before the error (progress). */
  otherStderrLines?: boolean
  prepare: (sandbox: Sandbox, label: string) => Prepared
}

const idsOf = (values: unknown[]): string[] => values.map((value) => String((value as {id?: unknown}).id))
const firstColumn = (values: unknown[]): string[] => values.map((line) => String(line).split('\t')[0])
const storedIds = (sandbox: Sandbox, user: string) => sandbox.store.messages(user).map((message) => message.id)

export const COMMANDS: CommandCase[] = [
  {
    name: 'chats list',
    sandbox: {},
    target: {method: 'GET', path: '/v3/chats'},
    passFirst: 1,
    modes: ['jsonl', 'json', 'plain'],
    prepare: (sandbox) => ({
      args: ['chats', 'list', '--all'],
      check: (_result, {succeeded, mode, values}) => {
        const expected = sandbox.store.chats().map((chat) => String(chat.other_user.id))
        const got = mode === 'plain' ? firstColumn(values) : values.map((chat) => String((chat as {other_user: {id: unknown}}).other_user.id))
        if (!succeeded) return mode === 'plain' ? [] : sameSet(got, expected).filter((problem) => !problem.includes('missing'))
        const want = mode === 'plain' ? sandbox.store.chats().map((chat) => chat.last_message.conversation_id) : expected
        return sameSet(got, want).map((problem) => `chats: ${problem}`)
      },
    }),
  },
  {
    name: 'chats show',
    sandbox: {},
    target: {method: 'GET', path: /^\/v3\/chats\/./},
    passFirst: 0,
    modes: ['json', 'plain'],
    prepare: () => ({
      args: ['chats', 'show', ALICE_CHAT],
      check: (_result, {succeeded, mode, values}) => {
        if (!succeeded) return []
        if (mode === 'json') {
          const chat = values[0] as {other_user?: {id?: unknown}} | undefined
          return String(chat?.other_user?.id) === ALICE.id ? [] : [`--json shows ${JSON.stringify(chat)?.slice(0, 100)}`]
        }

        return values.length === 1 && String(values[0]).startsWith(`${ALICE_CHAT}\t`) ? [] : [`plain output ${JSON.stringify(values)}`]
      },
    }),
  },
  {
    name: 'dm list --all',
    sandbox: {messages: HISTORY},
    target: {method: 'GET', path: '/v3/direct_messages'},
    passFirst: 1,
    modes: ['jsonl', 'json', 'plain'],
    prepare: (sandbox) => ({
      args: ['dm', 'list', PARTNER, '--all'],
      check: (_result, {succeeded, mode, values}) => {
        const got = mode === 'plain' ? firstColumn(values) : idsOf(values)
        const problems = sameSet(got, storedIds(sandbox, PARTNER))
        // A failed run may have printed the pages before the fault, but never a message twice or one that does not exist.
        return (succeeded ? problems : problems.filter((problem) => !problem.includes('missing'))).map((problem) => `messages: ${problem}`)
      },
    }),
  },
  {
    name: 'dm send',
    sandbox: {},
    target: {method: 'POST', path: '/v3/direct_messages'},
    passFirst: 0,
    modes: ['json', 'plain'],
    prepare: (sandbox, label) => {
      const guid = `reliability-${label.replace(/[^a-z0-9]+/gi, '-')}`
      return {
        args: ['dm', 'send', ALICE.id, `fault matrix: ${label}`, '--source-guid', guid],
        check: (_result, {succeeded, fault, mode, values}) => {
          const problems: string[] = []
          const sent = sandbox.store.countBySourceGuid(guid)
          const expected = succeeded || fault.commits ? 1 : 0
          if (sent !== expected) problems.push(`the store holds ${sent} message(s) with the source_guid, expected ${expected}`)
          if (succeeded && mode === 'json') {
            const message = values[0] as {source_guid?: unknown; id?: unknown} | undefined
            if (message?.source_guid !== guid) problems.push(`--json printed ${JSON.stringify(message)?.slice(0, 120)}, not the sent message`)
          }

          return problems
        },
      }
    },
  },
  // --file through the same faults: on the send (one message, whatever was lost) and on the
  // upload's status poll (a stalled poll ends within the request deadline, and nothing is sent).
  ...(['POST /v3/direct_messages', 'GET uploadStatus'] as const).map((at) => ({
    name: at === 'GET uploadStatus' ? 'dm send --file, status poll' : 'dm send --file',
    sandbox: {},
    target: at === 'GET uploadStatus' ? {method: 'GET', path: /\/uploadStatus$/} : {method: 'POST', path: '/v3/direct_messages'},
    passFirst: 0,
    modes: ['json', 'plain'] as OutputMode[],
    prepare: (sandbox: Sandbox, label: string) => {
      const guid = `reliability-file-${label.replace(/[^a-z0-9]+/gi, '-')}`
      const file = join(mkdtempSync(join(tmpdir(), 'groupme-fault-file-')), 'notes.txt')
      writeFileSync(file, `fault matrix: ${label}\n`)
      return {
        args: ['dm', 'send', ALICE.id, `file: ${label}`, '--file', file, '--source-guid', guid],
        check: (_result: CliResult, {succeeded, fault}: {succeeded: boolean; fault: Fault}) => {
          const sent = sandbox.store.messages(ALICE.id).filter((message) => message.source_guid === guid)
          // A fault on the poll stops the run before the send: nothing is sent then.
          const expected = succeeded || (fault.commits && at !== 'GET uploadStatus') ? 1 : 0
          const problems = sent.length === expected ? [] : [`the store holds ${sent.length} message(s) with the source_guid, expected ${expected}`]
          for (const message of sent) {
            const fileId = message.attachments.find((attachment) => attachment.type === 'file')?.file_id
            if (typeof fileId !== 'string' || !sandbox.store.files.file(ALICE_CHAT, fileId)) problems.push(`message ${message.id} has no uploaded file attachment`)
          }

          return problems
        },
      }
    },
  })),
  {
    name: 'dm delete',
    sandbox: {},
    target: {method: 'DELETE', path: /^\/v3\/conversations\//},
    passFirst: 0,
    modes: ['json', 'plain'],
    prepare: (sandbox) => {
      const mine = sandbox.store.messages(ALICE.id).filter((message) => message.sender_id === ME.id && message.deleted_at === undefined)
      const message = mine[mine.length - 1]
      return {
        args: ['dm', 'delete', ALICE_CHAT, message.id, '--yes'],
        check: (_result, {succeeded, fault, mode, values}) => {
          const problems: string[] = []
          const deleted = message.deleted_at !== undefined
          const expected = succeeded || fault.commits
          if (deleted !== expected) problems.push(`the message is ${deleted ? '' : 'not '}deleted in the store`)
          if (succeeded && mode === 'json' && (values[0] as {deleted?: unknown} | undefined)?.deleted !== true) {
            problems.push(`--json printed ${JSON.stringify(values[0])}`)
          }

          return problems
        },
      }
    },
  },
  {
    name: 'receipt send',
    sandbox: {},
    target: {method: 'POST', path: '/v2/read_receipts'},
    passFirst: 0,
    modes: ['json', 'plain'],
    prepare: (sandbox) => {
      const messages = sandbox.store.messages(ALICE.id)
      const newest = messages[messages.length - 1].id
      const before = sandbox.store.conversation(ALICE.id)?.readReceipt?.message_id
      return {
        args: ['receipt', 'send', ALICE_CHAT, newest],
        check: (_result, {succeeded, fault, mode, values}) => {
          const problems: string[] = []
          const read = sandbox.store.conversation(ALICE.id)?.readReceipt?.message_id
          const expected = succeeded || fault.commits ? newest : before
          if (read !== expected) problems.push(`the read receipt is at ${read}, expected ${expected}`)
          if (succeeded && mode === 'json' && (values[0] as {message_id?: unknown} | undefined)?.message_id !== newest) {
            problems.push(`--json printed ${JSON.stringify(values[0])}`)
          }

          return problems
        },
      }
    },
  },
  {
    name: 'dm export',
    sandbox: {messages: HISTORY},
    target: {method: 'GET', path: '/v3/direct_messages'},
    passFirst: 1,
    modes: ['json', 'plain'],
    otherStderrLines: true,
    prepare: (sandbox) => {
      const out = join(mkdtempSync(join(tmpdir(), 'groupme-reliability-export-')), 'partner.jsonl')
      const args = ['dm', 'export', PARTNER, '--out', out]
      const fileProblems = (): string[] => {
        let ids: string[]
        try {
          ids = readFileSync(out, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => (JSON.parse(line) as {id: string}).id)
        } catch (error) {
          return [`the export file cannot be read as JSONL: ${(error as Error).message}`]
        }

        const problems = sameSet(ids, storedIds(sandbox, PARTNER)).map((problem) => `export file: ${problem}`)
        const expectedOrder = storedIds(sandbox, PARTNER)
        if (problems.length === 0 && ids.some((id, index) => id !== expectedOrder[index])) problems.push('export file: not oldest first')
        return problems
      }

      return {
        args,
        check: (_result, {succeeded, mode, values}) => {
          if (!succeeded) return []
          const problems = fileProblems()
          if (mode === 'json') {
            const summary = values[0] as {written?: unknown; complete?: unknown} | undefined
            if (summary?.written !== HISTORY || summary.complete !== true) problems.push(`--json summary ${JSON.stringify(summary)}`)
          }

          return problems
        },
        recover: async (rerun) => {
          const again = await rerun(args)
          if (again.code !== 0) return [`the re-run without faults exited ${again.code}: ${again.stderr.trim()}`]
          return fileProblems().map((problem) => `after the re-run, ${problem}`)
        },
      }
    },
  },
]
