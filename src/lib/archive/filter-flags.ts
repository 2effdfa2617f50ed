import * as Flags from '@oclif/core/flags'
import {parseDate} from '../../core/dates.js'
import {parseChatRef, parseUserRef} from '../../api/ids.js'
import {UsageError} from '../../base/errors.js'
import {HAS_KINDS, type MessageFilter} from './filters.js'
import {archivedChatId, archivedUserId} from './names.js'
import type {Database} from './sqlite.js'

/** --from, --since, --until, --has: shared by search and stats (export and html take --chat alone). */
export const filterFlags = {
  from: Flags.string({description: 'Only messages sent by this user: a user id or @Name (as archived).'}),
  since: Flags.string({description: 'Only messages sent at or after this ISO date or time (local time without a zone).'}),
  until: Flags.string({description: 'Only messages sent before this ISO date or time (local time without a zone).'}),
  has: Flags.option({description: 'Only messages with this kind of attachment. Repeatable (all must hold).', options: HAS_KINDS, multiple: true, multipleNonGreedy: true})(),
}

export interface FilterInput {
  chat?: string[]
  from?: string
  since?: string
  until?: string
  has?: Array<(typeof HAS_KINDS)[number]>
  pinned?: boolean
}

/** A filter whose --chat and --from are still names, to be looked up in the archive. */
export interface ParsedFilter {
  resolve(db: Database): MessageFilter
}

/**
 * The flags as a filter, in two steps: what can be checked without the archive (dates, and the
 * shape of --chat and --from) is checked first, before any file is opened; names are then looked
 * up in the archive. Search and stats use the whole filter; export and html its `chats`.
 */
export function parseFilter(input: FilterInput): ParsedFilter {
  const since = input.since === undefined ? undefined : parseDate(input.since, '--since')
  const until = input.until === undefined ? undefined : parseDate(input.until, '--until')
  if (since && until && since.ms >= until.ms) throw new UsageError('--since must be before --until')
  for (const chat of input.chat ?? []) parseChatRef(chat)
  if (input.from !== undefined) parseUserRef(input.from, '--from')
  return {
    resolve: (db) => ({
      chats: input.chat?.map((value) => archivedChatId(db, value)),
      from: input.from === undefined ? undefined : archivedUserId(db, input.from),
      since: since === undefined ? undefined : Math.ceil(since.ms / 1000),
      until: until === undefined ? undefined : Math.ceil(until.ms / 1000),
      has: input.has,
      pinned: input.pinned,
    }),
  }
}

/** QUERY for archive search, or SQL for archive sql: text, not blanks (an unset variable?). */
export function requireText(value: string, what: string, example: string): string {
  if (value.trim() === '') throw new UsageError(`${what} is empty: give ${example}`)
  return value
}
