/**
 * `archive sync --media`, after the images: the users' pictures (users.avatar_url), so the
 * viewer shows faces without loading anything from the network (docs/viewer.md, "A chat page").
 * Saved like the images, by sha256 in the media folder (media.ts); `avatars` records each URL's
 * state, so a picture is fetched once, and a failed one is tried again by the next sync.
 */
import type {GroupMeApi} from '../../api/api.js'
import {fetchImage, inParallel, MediaFolder, type MediaOptions} from './media.js'
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
  const folder = await MediaFolder.open(db, dbPath, now)
  await inParallel(waiting, options.concurrency, async (url) => {
    const kept = await folder.keep(await fetchImage(client, url, folder.dir), (status, sha256, error) => mark.run(status, sha256, error, url))
    // A picture already stored for another URL counts as saved.
    summary[kept === 'deduplicated' ? 'saved' : kept]++
  })
  return summary
}
