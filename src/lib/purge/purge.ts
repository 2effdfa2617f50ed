import type {GroupMeClient, Message} from '../client/index.js'
import {AuthError, CliError, NotFoundError, UsageError} from '../errors.js'
import {historyPages} from '../messages/pager.js'

/** Which of my messages go. */
export interface PurgeFilter {
  /** My user id: only the sender can delete a DM (NOTES.md, Deleting). */
  myUserId: string
  /** Only messages created before this, in Unix seconds. */
  beforeSeconds?: number
  /** Only messages whose text matches. */
  match?: RegExp
}

export interface PurgeSummary {
  /** Messages that fit the filter: deleted + skipped + failed. */
  matched: number
  deleted: number
  /** Already gone: deleted by an earlier run (tombstone in history, or a 404 now). */
  skipped: number
  failed: number
}

export interface Selection {
  /** Still to delete, newest first. */
  pending: Message[]
  /** Tombstones of mine that fit the filter: an earlier run (or someone) deleted them. */
  alreadyDeleted: number
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i

/**
 * --before: an ISO 8601 date or date-time. A date alone is midnight local time, a time without
 * a zone is local time; `Z` or an offset makes it absolute. Unix seconds; anything else is exit 2.
 */
export function parseBefore(value: string): number {
  const invalid = () => new UsageError(`--before must be an ISO date such as 2024-05-01 or 2024-05-01T18:30:00Z, got ${JSON.stringify(value)}`)
  const parts = ISO_DATE.exec(value.trim())
  if (!parts) throw invalid()
  const [year, month, day, hour = 0, minute = 0, second = 0] = parts.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part))) as number[]
  const millis = parts[7] === undefined ? 0 : Number(parts[7].slice(0, 3).padEnd(3, '0'))
  const zone = parts[8]
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) throw invalid()
  let time: number
  if (zone === undefined) {
    time = new Date(year, month - 1, day, hour, minute, second, millis).getTime()
  } else {
    const offset = zone.toUpperCase() === 'Z' ? 0 : zoneOffsetMinutes(zone)
    if (offset === undefined) throw invalid()
    time = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset * 60_000
  }

  if (!Number.isFinite(time)) throw invalid()
  return time / 1000
}

/** --match: a JavaScript regular expression, tested against the message text. */
export function parseMatch(value: string, ignoreCase = false): RegExp {
  try {
    return new RegExp(value, ignoreCase ? 'i' : '')
  } catch (error) {
    throw new UsageError(`--match is not a valid regular expression: ${(error as Error).message}`)
  }
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

function zoneOffsetMinutes(zone: string): number | undefined {
  const parts = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)
  if (!parts) return undefined
  const hours = Number(parts[2])
  const minutes = Number(parts[3])
  if (hours > 23 || minutes > 59) return undefined
  return (parts[1] === '-' ? -1 : 1) * (hours * 60 + minutes)
}

export function isMine(message: Message, myUserId: string): boolean {
  return message.sender_type !== 'system' && String(message.sender_id ?? message.user_id ?? '') === myUserId
}

/**
 * 'delete' for a message of mine that fits the filter, 'gone' for one already deleted (its text
 * is the service's placeholder now, so it fits a --match filter no more), undefined otherwise.
 */
export function classify(message: Message, filter: PurgeFilter): 'delete' | 'gone' | undefined {
  if (!isMine(message, filter.myUserId)) return undefined
  if (filter.beforeSeconds !== undefined && !(message.created_at < filter.beforeSeconds)) return undefined
  if (message.deleted_at) return filter.match ? undefined : 'gone'
  if (filter.match && !filter.match.test(message.text ?? '')) return undefined
  return 'delete'
}

/** Walk the whole history (newest first, 100 a page) and keep what is to go. */
export async function selectMessages(client: GroupMeClient, otherUserId: string, filter: PurgeFilter): Promise<Selection> {
  const pending: Message[] = []
  let alreadyDeleted = 0
  for await (const page of historyPages(client, {otherUserId})) {
    for (const message of page) {
      const verdict = classify(message, filter)
      if (verdict === 'delete') pending.push(message)
      else if (verdict === 'gone') alreadyDeleted++
    }
  }

  return {pending, alreadyDeleted}
}

export interface DeleteHooks {
  /** Before each deletion: 1-based position and total. */
  onProgress?: (done: number, total: number) => void
  onFailure?: (message: Message, error: CliError) => void
}

/**
 * Delete one message at a time: the client keeps the pace within the rate limit. A 404 means it
 * is gone already (an earlier, interrupted run): skipped, not failed. A 401 stops everything;
 * any other failure is counted, reported and passed over, so one bad message does not stop the rest.
 */
export async function deleteMessages(
  client: GroupMeClient,
  conversation: string,
  selection: Selection,
  hooks: DeleteHooks = {},
): Promise<PurgeSummary> {
  const summary: PurgeSummary = {
    matched: selection.pending.length + selection.alreadyDeleted,
    deleted: 0,
    skipped: selection.alreadyDeleted,
    failed: 0,
  }
  const total = selection.pending.length
  for (const [index, message] of selection.pending.entries()) {
    hooks.onProgress?.(index + 1, total)
    try {
      await client.deleteMessage(conversation, message.id)
      summary.deleted++
    } catch (error) {
      if (error instanceof NotFoundError) {
        summary.skipped++
      } else if (error instanceof CliError && !(error instanceof AuthError)) {
        summary.failed++
        hooks.onFailure?.(message, error)
      } else {
        throw error
      }
    }
  }

  return summary
}
