import {randomBytes} from 'node:crypto'
import {access} from 'node:fs/promises'
import {join} from 'node:path'
import type {GroupMeApi, Message} from '../../../api/api.js'
import {AuthError, ForbiddenError, NotFoundError, UsageError} from '../../../core/errors.js'
import {isNumericId} from '../../../api/ids.js'

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

/**
 * Save the image attachments of `messages` in `dir` as `<message id>-<attachment index>.<ext>`.
 * A file already there is kept: the name does not depend on the bytes, and the URL may have
 * expired since (docs/service.md, Message objects in the wild). A 4xx is a warning; other
 * failures stop the run, before its page is committed, so the next run tries again.
 */
export async function saveImages(
  client: GroupMeApi,
  dir: string,
  messages: Message[],
  stats: MediaStats,
  warn: (message: string) => void,
): Promise<void> {
  for (const message of messages) {
    // The id becomes a file name: only digits, never a path.
    if (!isNumericId(message.id)) continue
    const attachments = Array.isArray(message.attachments) ? message.attachments : []
    for (const [index, attachment] of attachments.entries()) {
      if (attachment?.type !== 'image' || typeof attachment.url !== 'string') continue
      const base = join(dir, `${message.id}-${index}`)
      if (await alreadySaved(base, attachment.url)) {
        stats.skipped++
        continue
      }

      try {
        // Streamed to disk and renamed once whole: a half-written image never looks saved. The
        // partial file is named like the file layer's temporaries, so a killed run's is removed.
        const partial = `${base}.part.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
        await client.saveDownload(attachment.url, partial, (contentType) => `${base}.${extensionFor(contentType, attachment.url as string)}`)
      } catch (error) {
        // A 4xx from an image host (a CDN's 401 included) is about that image, not the run.
        if (![AuthError, ForbiddenError, NotFoundError, UsageError].some((type) => error instanceof type)) throw error
        stats.failed++
        warn(`warning: image ${index} of message ${message.id} was not saved: ${(error as Error).message}`)
        continue
      }

      stats.saved++
    }
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
