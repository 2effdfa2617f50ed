import type {SqlValue} from './sqlite.js'

export const HAS_KINDS = ['image', 'location', 'attachment', 'reply'] as const
export type HasKind = (typeof HAS_KINDS)[number]

/** What a row of `archive stats --by` counts. Here, not in stats.ts, so the command's flags need no more than this file. */
export const STATS_GROUPS = ['month', 'week', 'weekday', 'hour', 'sender', 'chat', 'reaction'] as const

/** `archive search`'s tab-separated columns, in order (--header prints them first; its --help names them). */
export const SEARCH_TSV_COLUMNS = ['id', 'time', 'chat id', 'chat name', 'sender', 'text', 'attachments'] as const

/** `archive stats`' columns after the bucket, for a grouping (by reaction the same figures count reactions). */
export function statsFigureNames(group: StatsGroup): readonly string[] {
  return group === 'reaction' ? ['reactions', 'on my messages', 'on theirs', 'given', 'received'] : ['messages', 'sent', 'received', 'likes given', 'likes received']
}

/** What `archive stats --json FIELDS` may name: the fields of each row. */
export const STATS_FIELDS = ['bucket', 'messages', 'sent', 'received', 'likes_given', 'likes_received'] as const
export type StatsGroup = (typeof STATS_GROUPS)[number]

/** What --chat, --from, --since, --until and --has narrow the messages to. */
export interface MessageFilter {
  chats?: string[]
  from?: string
  /** Epoch seconds, inclusive. */
  since?: number
  /** Epoch seconds, exclusive. */
  until?: number
  has?: HasKind[]
  /** Only pinned messages (pinned_at set). */
  pinned?: boolean
}

/** The filter as SQL over `messages` aliased `m`: a WHERE fragment (`1` when empty) and its parameters. */
export function filterSql(filter: MessageFilter): {where: string; params: SqlValue[]} {
  const clauses: string[] = []
  const params: SqlValue[] = []
  if (filter.chats && filter.chats.length > 0) {
    clauses.push(`m.conversation_id IN (${filter.chats.map(() => '?').join(', ')})`)
    params.push(...filter.chats)
  }

  if (filter.from !== undefined) {
    clauses.push('m.sender_id = ?')
    params.push(filter.from)
  }

  if (filter.since !== undefined) {
    clauses.push('m.created_at >= ?')
    params.push(filter.since)
  }

  if (filter.until !== undefined) {
    clauses.push('m.created_at < ?')
    params.push(filter.until)
  }

  for (const kind of filter.has ?? []) {
    if (kind === 'attachment') clauses.push("json_array_length(m.attachments) > 0")
    else {
      clauses.push("EXISTS (SELECT 1 FROM json_each(m.attachments) AS a WHERE json_extract(a.value, '$.type') = ?)")
      params.push(kind)
    }
  }

  if (filter.pinned) clauses.push('m.pinned_at IS NOT NULL')

  return {where: clauses.length > 0 ? clauses.join(' AND ') : '1', params}
}
