import {open} from 'node:fs/promises'
import {requireImageSize} from '../../api/client.js'
import {UsageError} from '../../base/errors.js'
import {sanitizeLine} from '../../base/sanitize.js'

/** A local image checked for upload: a regular file, within the cap, an image by its first bytes. */
export interface ImageFile {
  path: string
  /** The path as typed, for messages. */
  shown: string
  size: number
  contentType: string
}

/** Enough of the start of a file for every signature below. */
const SNIFF_BYTES = 16

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'])

/** The image type that `bytes` (the start of a file) begin with, or undefined: the name's extension does not count. */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  const ascii = (from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('latin1')
  if (bytes.length >= 8 && ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png'
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  if (bytes.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return 'image/gif'
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp'
  if (bytes.length >= 12 && ascii(4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(8, 12))) return 'image/heic'
  // "BM", the file size, then four reserved bytes that are zero.
  if (bytes.length >= 10 && ascii(0, 2) === 'BM' && bytes.subarray(6, 10).every((byte) => byte === 0)) return 'image/bmp'
  return undefined
}

const KNOWN_TYPES = 'PNG, JPEG, GIF, WebP, HEIC or BMP'

/** Check a file for `--image` before anything is sent: exit 2 with one line when it will not do. */
export async function checkImageFile(path: string, shown: string): Promise<ImageFile> {
  const name = sanitizeLine(shown)
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(error.code === 'ENOENT' ? `--image: no such file: ${name}` : `--image: cannot read ${name} (${error.code ?? 'error'})`)
  })
  try {
    const info = await handle.stat()
    if (!info.isFile()) throw new UsageError(`--image: not a file: ${name}`)
    if (info.size === 0) throw new UsageError(`--image: ${name} is empty`)
    requireImageSize(name, info.size)
    const start = Buffer.alloc(SNIFF_BYTES)
    const {bytesRead} = await handle.read(start, 0, SNIFF_BYTES, 0).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`--image: cannot read ${name} (${error.code ?? 'error'})`)
    })
    const contentType = sniffImageType(start.subarray(0, bytesRead))
    if (!contentType) throw new UsageError(`--image: ${name} is not an image: its first bytes are not those of ${KNOWN_TYPES}`)
    return {path, shown, size: info.size, contentType}
  } finally {
    await handle.close()
  }
}

/**
 * Check the file again just before it is streamed to the image service: it may have changed after
 * checkImageFile, and a file that is no longer the image that was checked is refused, not sent.
 */
export async function recheckImageFile(file: ImageFile): Promise<ImageFile> {
  const now = await checkImageFile(file.path, file.shown).catch(() => undefined)
  if (now?.size !== file.size || now.contentType !== file.contentType) {
    throw new UsageError(`--image: ${sanitizeLine(file.shown)} changed after it was checked; nothing was sent`)
  }

  return now
}
