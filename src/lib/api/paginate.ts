import {compareIds, isNumericId} from '../../api/ids.js'
import {kindOf} from '../../api/shapes.js'
import {isRecord} from '../../base/json-file.js'
import {UsageError} from '../../base/errors.js'
import {sanitizeLine} from '../../base/sanitize.js'
import {type Answer, readAnswer} from '../../api/answer.js'
import type {Target} from './target.js'

/**
 * GroupMe's two ways of paging (docs/service.md, Chats and Messages): by page number (`/chats`,
 * `/groups`), and backwards by `before_id`, the id of the last, oldest message of a page
 * (`/direct_messages`, `/groups/:id/messages`), whose list sits under `listKey`.
 */
export type PageScheme = {kind: 'page'} | {kind: 'before_id'; listKey: string}

const BY_NUMBER = [/^\/chats\/?$/, /^\/groups\/?$/, /^\/groups\/former\/?$/]
const BY_BEFORE_ID: Array<[RegExp, string]> = [
  [/^\/direct_messages\/?$/, 'direct_messages'],
  [/^\/groups\/[^/]+\/messages\/?$/, 'messages'],
]

/** How the target is paged; an endpoint that is not known is paged by number when the request says `page`. */
export function pageScheme(target: Target, query: URLSearchParams): PageScheme {
  if (target.base === 'api') {
    if (BY_NUMBER.some((pattern) => pattern.test(target.path))) return {kind: 'page'}
    for (const [pattern, listKey] of BY_BEFORE_ID) if (pattern.test(target.path)) return {kind: 'before_id', listKey}
  }

  if (query.has('page')) return {kind: 'page'}
  throw new UsageError(
    `--paginate does not know how ${JSON.stringify(sanitizeLine(target.path))} is paged: it pages /chats and /groups by number, ` +
      '/direct_messages and /groups/:id/messages by before_id; give -f page=1 for another endpoint paged by number',
  )
}

/** What a page says: the end of the list, data and the query for the next page, or why it is no page at all. */
export type PageStep = {kind: 'end'} | {kind: 'page'; data: unknown; next: Array<[string, string]>} | {kind: 'broken'; reason: string}

/**
 * Read one answer of a paged list. Only a 304 or an empty list ends it, never a short page. An
 * answer that is neither a page nor the end is broken, as anywhere else in the CLI (a proxy, a
 * deploy, a cut connection: docs/service.md, Messages), and is retried like a 5xx.
 */
export function readPage(scheme: PageScheme, answer: Answer, query: URLSearchParams): PageStep {
  if (answer.status === 304) return {kind: 'end'}
  const content = readAnswer(answer)
  if (content.kind === 'empty') return {kind: 'broken', reason: `an empty body with ${answer.status}`}
  if (content.kind === 'text') return {kind: 'broken', reason: 'the body is not JSON'}
  const {data} = content
  if (scheme.kind === 'page') {
    if (!Array.isArray(data)) return {kind: 'broken', reason: `the answer is ${kindOf(data)}, not a list`}
    if (data.length === 0) return {kind: 'end'}
    const current = Number.parseInt(query.get('page') ?? '1', 10)
    return {kind: 'page', data, next: [['page', String((Number.isNaN(current) ? 1 : current) + 1)]]}
  }

  if (!isRecord(data)) return {kind: 'broken', reason: `the answer is ${kindOf(data)}, not an object`}
  const items = data[scheme.listKey]
  if (!Array.isArray(items)) return {kind: 'broken', reason: `${scheme.listKey} is ${kindOf(items)}, not a list`}
  if (items.length === 0) return {kind: 'end'}
  const last: unknown = items.at(-1)
  const id = isRecord(last) ? String(last.id) : ''
  if (!isNumericId(id)) return {kind: 'broken', reason: `the last item of ${scheme.listKey} has no numeric id to page from`}
  const previous = query.get('before_id')
  // A page that does not move back would be asked for again and again.
  if (previous !== null && isNumericId(previous) && compareIds(id, previous) >= 0) {
    return {kind: 'broken', reason: `the page does not go back past before_id ${previous}`}
  }

  return {kind: 'page', data, next: [['before_id', id]]}
}

/** Whether a list page holds an item not in `seen` (each item known by its id, a chat by its other user's), adding them. */
export function bringsNew(data: unknown, seen: Set<string>): boolean {
  let fresh = false
  for (const item of Array.isArray(data) ? data : []) {
    const key = itemKey(item)
    if (!seen.has(key)) fresh = true
    seen.add(key)
  }

  return fresh
}

function itemKey(item: unknown): string {
  if (isRecord(item) && item.id !== undefined) return `id ${String(item.id)}`
  if (isRecord(item) && isRecord(item.other_user) && item.other_user.id !== undefined) return `user ${String(item.other_user.id)}`
  return JSON.stringify(item)
}
