import {access} from 'node:fs/promises'
import {join} from 'node:path'
import type {GroupMeApi} from '../../../api/api.js'
import type {ImageRef} from '../../archive/store.js'
import {fileFailure} from '../../../base/file-errors.js'
import {temporaryPathFor} from '../../../base/files.js'
import {isNumericId} from '../../../api/ids.js'
import {sanitizeLine} from '../../../base/sanitize.js'
import {MAX_MEDIA_ATTEMPTS, type MediaFailures} from './media-failures.js'

export interface MediaStats {
  saved: number
  skipped: number
  failed: number
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/jpg': 'jpg',
  'image/pjpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'image/avif': 'avif',
  'image/bmp': 'bmp',
  'image/tiff': 'tiff',
}
const KNOWN = [...new Set([...Object.values(EXTENSIONS), 'bin'])]

/** The extension for a content type, else one in the URL (i.groupme.com/1024x1024.jpeg.<hash>), else bin. */
export function extensionFor(contentType: string | undefined, url: string): string {
  const type = contentType?.split(';')[0].trim().toLowerCase()
  if (type && EXTENSIONS[type]) return EXTENSIONS[type]
  return extensionInUrl(url) ?? 'bin'
}

function extensionInUrl(url: string): string | undefined {
  let path: string
  try {
    path = new URL(url).pathname
  } catch {
    return undefined
  }

  const match = /\.(jpe?g|png|gif|webp|heic|heif|avif|bmp|tiff?)(?:\.|$)/i.exec(path.split('/').at(-1) ?? '')
  if (!match) return undefined
  const ext = match[1].toLowerCase()
  return ext === 'jpeg' ? 'jpg' : ext === 'tif' ? 'tiff' : ext
}

/** What saving images needs: where, through which client, and what to count, say and remember. */
export interface MediaJob {
  client: GroupMeApi
  dir: string
  stats: MediaStats
  warn: (message: string) => void
  failures: MediaFailures
}

/**
 * Save images in `dir` as `<message id>-<attachment index>.<ext>`. A file already there is kept:
 * the name does not depend on the bytes, and the URL may have expired since (docs/service.md,
 * Message objects in the wild). A failure is a warning that names the message and is remembered
 * in FILE.media-failures.json, to be tried again by the next run (retryFailedImages); it never
 * stops the export, but a local file that cannot be written does.
 */
export async function saveImages(job: MediaJob, images: readonly ImageRef[]): Promise<void> {
  for (const image of images) {
    // The id becomes a file name: only digits, never a path.
    if (!isNumericId(image.messageId) || job.failures.settled(image.messageId, image.index)) continue
    await saveImage(job, image.messageId, image.index, image.url)
  }

  await job.failures.save()
}

/** Try again the images earlier runs could not save; say once how many are no longer tried. */
export async function retryFailedImages(job: MediaJob): Promise<void> {
  for (const failure of job.failures.retryable()) await saveImage(job, failure.message_id, failure.index, failure.url)
  await job.failures.save()
  const givenUp = job.failures.givenUp().length
  if (givenUp > 0) {
    job.warn(`warning: ${givenUp} image(s) could not be saved and are no longer tried; they are listed in the media failures file beside the export`)
  }
}

async function saveImage(job: MediaJob, messageId: string, index: number, url: string): Promise<void> {
  const base = join(job.dir, `${messageId}-${index}`)
  if (await alreadySaved(base, url)) {
    job.stats.skipped++
    job.failures.saved(messageId, index)
    return
  }

  const fail = (reason: string, retry: boolean) => {
    job.stats.failed++
    const {attempts} = job.failures.failed(messageId, index, url, reason, retry)
    const next = !retry ? 'it is not tried again' : attempts >= MAX_MEDIA_ATTEMPTS ? `tried ${attempts} times, it is not tried again` : 'the next run tries it again'
    job.warn(`warning: image ${index} of message ${messageId} was not saved: ${reason}; ${next}`)
  }

  // Only http(s) is fetched: a sender can put any string in an attachment (file:///etc/passwd).
  if (!isFetchable(url)) return fail('its URL is not an http or https URL', false)
  try {
    // Streamed to disk and renamed once whole: a half-written image never looks saved. The
    // partial file is one of the file layer's temporaries, so a killed run's is removed.
    await job.client.saveDownload(url, temporaryPathFor(`${base}.part`), (contentType) => `${base}.${extensionFor(contentType, url)}`)
  } catch (error) {
    // A local file that cannot be written (disk full, no permission) stops the run: it is not this image's fault.
    const local = fileFailure(error)
    if (local) throw local
    // Whatever else went wrong, it was this image's fetch: the archive goes on.
    return fail(sanitizeLine((error as Error).message), true)
  }

  job.stats.saved++
  job.failures.saved(messageId, index)
}

function isFetchable(url: string): boolean {
  try {
    const {protocol} = new URL(url)
    return protocol === 'https:' || protocol === 'http:'
  } catch {
    return false
  }
}

async function alreadySaved(base: string, url: string): Promise<boolean> {
  const candidates = new Set([extensionInUrl(url) ?? 'bin', ...KNOWN])
  for (const ext of candidates) {
    try {
      await access(`${base}.${ext}`)
      return true
    } catch {
      // not this one
    }
  }

  return false
}
