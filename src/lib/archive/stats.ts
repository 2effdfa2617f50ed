/**
 * `archive stats`: messages per month (or week, weekday, hour, sender, chat), sent and received,
 * likes given and received, for the account or the chats asked for. Local time, like every time
 * the CLI prints.
 */
import {type Column, type CommandOutput, list} from '../../output/render.js'
import {filterSql, type MessageFilter, statsFigureNames, type StatsGroup} from './filters.js'
import type {Database} from './sqlite.js'

export interface StatsRow {
  bucket: string
  messages: number
  sent: number
  received: number
  likes_given: number
  likes_received: number
}

const LOCAL = "created_at, 'unixepoch', 'localtime'"
const BUCKETS: Record<Exclude<StatsGroup, 'reaction'>, {key: string; label: string; order: string}> = {
  month: {key: `strftime('%Y-%m', m.${LOCAL})`, label: 'key', order: 'key'},
  week: {key: `strftime('%Y-W%W', m.${LOCAL})`, label: 'key', order: 'key'},
  weekday: {key: `strftime('%w', m.${LOCAL})`, label: 'key', order: 'key'},
  hour: {key: `strftime('%H', m.${LOCAL})`, label: 'key', order: 'key'},
  sender: {key: 'm.sender_id', label: "coalesce((SELECT name FROM users WHERE users.id = key), max(m.name), key)", order: 'messages DESC, key'},
  chat: {key: 'm.conversation_id', label: "coalesce((SELECT other_user_name FROM chats WHERE chats.id = key), key)", order: 'messages DESC, key'},
}
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

export function archiveStats(db: Database, group: StatsGroup, filter: MessageFilter): StatsRow[] {
  if (group === 'reaction') return reactionStats(db, filter)
  const {where, params} = filterSql(filter)
  const bucket = BUCKETS[group]
  const sql = `
    WITH me (id) AS (SELECT value FROM meta WHERE key = 'me')
    SELECT key, ${bucket.label} AS bucket, count(*) AS messages,
      sum(m.sender_id = me.id) AS sent,
      sum(m.sender_id <> me.id AND coalesce(m.sender_type, 'user') <> 'system') AS received,
      sum(m.sender_id <> me.id AND EXISTS (SELECT 1 FROM json_each(m.favorited_by) AS f WHERE f.value = me.id)) AS likes_given,
      sum(CASE WHEN m.sender_id = me.id THEN json_array_length(m.favorited_by) ELSE 0 END) AS likes_received
    FROM (SELECT ${bucket.key} AS key, m.* FROM messages AS m WHERE ${where}) AS m, me
    GROUP BY key
    ORDER BY ${bucket.order}`
  const rows = db.prepare(sql).all(...params)
  const counted = rows.map((row) => ({
    bucket: group === 'weekday' ? WEEKDAYS[Number(row.key)] : String(row.bucket ?? ''),
    messages: Number(row.messages),
    sent: Number(row.sent ?? 0),
    received: Number(row.received ?? 0),
    likes_given: Number(row.likes_given ?? 0),
    likes_received: Number(row.likes_received ?? 0),
  }))
  // A day has 24 hours and a week 7 days, each shown: a quiet one is a 0, not a gap.
  if (group === 'hour') return everyBucket(counted, Array.from({length: 24}, (_, hour) => String(hour).padStart(2, '0')))
  if (group === 'weekday') return everyBucket(counted, WEEKDAYS)
  return counted
}

function everyBucket(rows: StatsRow[], buckets: readonly string[]): StatsRow[] {
  const byBucket = new Map(rows.map((row) => [row.bucket, row]))
  return buckets.map((bucket) => byBucket.get(bucket) ?? {bucket, messages: 0, sent: 0, received: 0, likes_given: 0, likes_received: 0})
}

/**
 * `--by reaction`: a row per reaction (the emoji, pack:ID:INDEX, or like) over the messages that
 * match, from the reactions table: `messages` counts them all, `likes_given` those I gave, and
 * `likes_received` those given to my messages; `sent` and `received` count the messages that carry it.
 */
function reactionStats(db: Database, filter: MessageFilter): StatsRow[] {
  const {where, params} = filterSql(filter)
  const sql = `
    WITH me (id) AS (SELECT value FROM meta WHERE key = 'me')
    SELECT CASE r.type WHEN 'emoji' THEN 'pack:' || r.pack_id || ':' || r.pack_index WHEN 'like' THEN 'like' ELSE coalesce(r.code, '?') END AS bucket,
      count(*) AS reactions,
      count(DISTINCT CASE WHEN m.sender_id = me.id THEN m.id END) AS sent,
      count(DISTINCT CASE WHEN m.sender_id <> me.id THEN m.id END) AS received,
      sum(r.user_id = me.id) AS given,
      sum(m.sender_id = me.id AND r.user_id <> me.id) AS got
    FROM reactions AS r JOIN messages AS m ON m.id = r.message_id, me
    WHERE ${where}
    GROUP BY bucket
    ORDER BY reactions DESC, bucket`
  return db.prepare(sql).all(...params).map((row) => ({
    bucket: String(row.bucket),
    messages: Number(row.reactions),
    sent: Number(row.sent ?? 0),
    received: Number(row.received ?? 0),
    likes_given: Number(row.given ?? 0),
    likes_received: Number(row.got ?? 0),
  }))
}

const BAR_WIDTH = 30

/** The table's columns; on a terminal the last one is a bar scaled to the busiest row. */
function statsColumns(group: StatsGroup, rows: StatsRow[]): Column<StatsRow>[] {
  const most = Math.max(1, ...rows.map((row) => row.messages))
  // By reaction the same figures count reactions (reactionStats).
  const headers = statsFigureNames(group)
  return [
    {header: group, value: (row) => row.bucket},
    {header: headers[0], align: 'right', value: (row) => String(row.messages)},
    {header: headers[1], align: 'right', value: (row) => String(row.sent)},
    {header: headers[2], align: 'right', value: (row) => String(row.received)},
    {header: headers[3], align: 'right', value: (row) => String(row.likes_given)},
    {header: headers[4], align: 'right', value: (row) => String(row.likes_received)},
    {header: 'bar', value: (row) => '█'.repeat(Math.max(row.messages > 0 ? 1 : 0, Math.round((row.messages / most) * BAR_WIDTH)))},
  ]
}

/** A terminal table carries the bar; a pipe and JSON get the figures alone. */
export function statsOutput(group: StatsGroup, rows: StatsRow[]): CommandOutput {
  return {
    render(mode, streams) {
      const columns = statsColumns(group, rows)
      return list(rows, mode.format === 'table' ? columns : columns.slice(0, -1), {empty: 'No messages in the archive match.'}).render(mode, streams)
    },
  }
}
