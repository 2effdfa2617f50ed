import {resolve} from 'node:path'
import type {Attachment} from '../../api/api.js'
import {UsageError} from '../../base/errors.js'
import {checkImageFile, type ImageFile, recheckImageFile} from './image-file.js'

/** An attachment as given on the command line, checked but not yet uploaded. */
export type AttachmentSpec = {kind: 'ready'; attachment: Attachment} | ({kind: 'image-file'} & ImageFile)

export const ATTACHMENT_FLAGS = ['image', 'location', 'attachment', 'emoji-charmap'] as const

/**
 * Turn the attachment flags, in the order typed, into attachments. Everything is checked here,
 * before any request: a bad value is exit 2 with nothing sent.
 */
export async function parseAttachments(
  flags: {flag: string; input: string}[],
  emojiPlaceholder: string | undefined,
): Promise<AttachmentSpec[]> {
  const specs: AttachmentSpec[] = []
  for (const {flag, input} of flags) {
    if (flag === 'image') specs.push(await parseImage(input))
    if (flag === 'location') specs.push({kind: 'ready', attachment: parseLocation(input)})
    if (flag === 'attachment') specs.push({kind: 'ready', attachment: parseRawAttachment(input)})
    if (flag === 'emoji-charmap') {
      if (emojiPlaceholder === undefined) throw new UsageError('--emoji-charmap needs --emoji-placeholder')
      specs.push({kind: 'ready', attachment: {type: 'emoji', placeholder: emojiPlaceholder, charmap: parseCharmap(input)}})
    }
  }

  if (emojiPlaceholder !== undefined && !flags.some(({flag}) => flag === 'emoji-charmap')) {
    throw new UsageError('--emoji-placeholder needs --emoji-charmap')
  }

  return specs
}

/** Upload local images (through `upload`, which streams the file) and return the attachments in order. */
export async function resolveAttachments(
  specs: AttachmentSpec[],
  upload: (path: string, contentType: string) => Promise<string>,
): Promise<Attachment[]> {
  const attachments: Attachment[] = []
  for (const spec of specs) {
    if (spec.kind === 'ready') {
      attachments.push(spec.attachment)
      continue
    }

    // Checked again just before it is streamed: the file may have changed since parseImage.
    const image = await recheckImageFile(spec)
    attachments.push({type: 'image', url: await upload(image.path, image.contentType)})
  }

  return attachments
}

/** What a dry run shows for an image that would be uploaded first. */
export function previewAttachments(specs: AttachmentSpec[]): Attachment[] {
  return specs.map((spec) => (spec.kind === 'ready' ? spec.attachment : {type: 'image', url: `file://${spec.path}`}))
}

async function parseImage(input: string): Promise<AttachmentSpec> {
  if (/^https?:\/\//i.test(input)) {
    try {
      new URL(input)
    } catch {
      throw new UsageError(`--image: not a valid URL: ${JSON.stringify(input)}`)
    }

    return {kind: 'ready', attachment: {type: 'image', url: input}}
  }

  return {kind: 'image-file', ...(await checkImageFile(resolve(input), input))}
}

/** `LAT,LNG[,NAME]`; the name may itself hold commas. */
export function parseLocation(input: string): Attachment {
  const [latText, lngText, ...name] = input.split(',')
  const lat = parseCoordinate(latText, 90, 'latitude', input)
  const lng = parseCoordinate(lngText, 180, 'longitude', input)
  return {type: 'location', lat, lng, name: name.join(',').trim()}
}

function parseCoordinate(text: string | undefined, limit: number, what: string, input: string): string {
  const trimmed = text?.trim() ?? ''
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) {
    throw new UsageError(`--location: expected "LAT,LNG[,NAME]", ${what} is not a number in ${JSON.stringify(input)}`)
  }

  if (Math.abs(Number(trimmed)) > limit) {
    throw new UsageError(`--location: ${what} ${trimmed} is out of range (-${limit}..${limit})`)
  }

  // The service takes coordinates as strings (direct-messages.md, Send DM).
  return trimmed
}

function parseRawAttachment(input: string): Attachment {
  let value: unknown
  try {
    value = JSON.parse(input)
  } catch {
    throw new UsageError(`--attachment: not valid JSON: ${JSON.stringify(input)}`)
  }

  if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof (value as {type?: unknown}).type !== 'string') {
    throw new UsageError('--attachment: expected a JSON object with a string "type"')
  }

  return value as Attachment
}

function parseCharmap(input: string): number[][] {
  let value: unknown
  try {
    value = JSON.parse(input)
  } catch {
    throw new UsageError(`--emoji-charmap: not valid JSON: ${JSON.stringify(input)}`)
  }

  const isPair = (pair: unknown) => Array.isArray(pair) && pair.length === 2 && pair.every((n) => Number.isInteger(n) && n >= 0)
  if (!Array.isArray(value) || value.length === 0 || !value.every(isPair)) {
    throw new UsageError('--emoji-charmap: expected an array of [pack_id, offset] pairs, e.g. [[1,42],[2,34]]')
  }

  return value as number[][]
}
