/**
 * `archive sync --media`, after the images: the users' pictures (users.avatar_url), so the
 * viewer shows faces without loading anything from the network (docs/viewer.md, "A chat page").
 * Saved like the images, by sha256 in the media folder (media.ts); `avatars` records each URL's
 * state, so a picture is fetched once, and a failed one is tried again by the next sync.
 */
import {mkdir} from 'node:fs/promises'
import type {GroupMeApi} from '../../api/api.js'
import {PRIVATE_DIR_MODE} from '../../base/files.js'
import {fetchImage, keepDownload, type MediaOptions, mediaDirFor, removeStaleDownloads} from './media.js'
import type {Database} from './sqlite.js'

export interface AvatarSummary {
  saved: number
  failed: number
  skipped: number
}

/** Fetch every user picture not saved yet (or failed fewer than maxAttempts times); `now` is in seconds. */
export async function saveAvatars(client: GroupMeApi, db: Database, dbPath: string, now: () => number, options: MediaOptions): Promise<AvatarSummary> {
  const summary: AvatarSummary = {saved: 0, failed: 0, skipped: 0}
  db.exec("INSERT OR IGNORE INTO avatars (url) SELECT DISTINCT avatar_url FROM users WHERE avatar_url LIKE 'http://%' OR avatar_url LIKE 'https://%'")
  const waiting = db
    .prepare("SELECT url FROM avatars WHERE status = 'pending' OR (status = 'failed' AND attempts < ?) ORDER BY url")
    .all(options.maxAttempts)
    .map((row) => String(row.url))
  if (waiting.length === 0) return summary
  const mark = db.prepare('UPDATE avatars SET status = ?, sha256 = ?, attempts = attempts + 1, error = ? WHERE url = ?')
  const known = db.prepare('SELECT path FROM media WHERE sha256 = ?')
  const addMedia = db.prepare('INSERT OR IGNORE INTO media (sha256, path, content_type, bytes, saved_at) VALUES (?, ?, ?, ?, ?)')
  const dir = mediaDirFor(dbPath)
  await mkdir(dir, {recursive: true, mode: PRIVATE_DIR_MODE})
  await removeStaleDownloads(dir)
  const storing = new Map<string, Promise<void>>()
  let next = 0
  const worker = async () => {
    while (next < waiting.length) {
      const url = waiting[next++]
      const outcome = await fetchImage(client, url, dir)
      if (outcome.kind !== 'ok') {
        summary[outcome.kind]++
        mark.run(outcome.kind, null, outcome.reason, url)
        continue
      }

      const {sha256, path} = await keepDownload(outcome.path, dir, known, storing)
      summary.saved++
      db.transaction(() => {
        addMedia.run(sha256, path, outcome.contentType ?? null, outcome.bytes, now())
        mark.run('saved', sha256, null, url)
      })
    }
  }

  await Promise.all(Array.from({length: Math.max(1, options.concurrency)}, worker))
  return summary
}
