/**
 * One message as HTML: the sender, the text, what it replies to, its attachments, likes and
 * reactions. Every piece of service text goes through `html` (escape.ts); the text's direction is
 * isolated (`dir="auto"`, `<bdi>`), so an RTL override in one message cannot reorder another.
 */
import {externalUrl, html, type Html, joinHtml} from './escape.js'
import type {Attachment, MediaPaths, MessageRow, ReactionRow, Revision, SavedMedia} from './model.js'
import type {LocalClock} from './time.js'

export interface MessageContext {
  me: string
  names: Map<string, string>
  clock: LocalClock
  media: MediaPaths
  /** From the page to the site's root: `../../`. */
  root: string
  /** The message a reply answers: where it is and what it said. */
  replyTarget(id: string): ReplyTarget | undefined
  /** The images the pages use, relative to the media folder: copied into the site. */
  usedMedia: Set<string>
  /** Saved avatars by user id, relative to the media folder (`archive sync --media`). */
  avatars: Map<string, string>
  /** The chat's reactions and the texts its edits replaced, by message id. */
  reactions: Map<string, ReactionRow[]>
  revisions: Map<string, Revision[]>
}

export interface ReplyTarget {
  href: string
  sender: string
  snippet: string
}

/** Consecutive messages of one sender within this many seconds share one name header. */
const GROUP_SECONDS = 5 * 60

export function messageHtml(message: MessageRow, previous: MessageRow | undefined, context: MessageContext): Html {
  const time = context.clock.at(message.createdAt)
  const anchor = `m-${message.id}`
  const when = html`<a class="when" href="#${anchor}" title="${time.full}"><time datetime="${time.iso}">${time.clock}</time></a>`
  if (message.senderType === 'system') {
    return html`<div class="system" id="${anchor}"><span class="text" dir="auto">${message.text}</span> ${when}</div>\n`
  }

  const mine = message.senderId !== '' && message.senderId === context.me
  const continued =
    previous !== undefined &&
    previous.senderType !== 'system' &&
    previous.senderId === message.senderId &&
    message.createdAt - previous.createdAt <= GROUP_SECONDS &&
    context.clock.at(previous.createdAt).day === time.day
  const sender = senderName(message, context.names)
  const pinned = message.pinnedAt !== null && message.deletedAt === null
  return html`<article class="msg ${mine ? 'mine' : 'theirs'}${continued ? ' cont' : ''}${pinned ? ' pinned' : ''}" id="${anchor}" data-sender="${message.senderId}">${
    continued ? '' : html`<header class="from">${avatarHtml(message.senderId, sender, context)}<bdi>${sender}</bdi></header>`
  }<div class="bubble">${pinned ? pinnedNote(message, context) : ''}${bodyHtml(message, context)}<footer class="meta">${when}${editedHtml(message, context)}</footer></div>${reactionsHtml(
    message,
    context,
  )}</article>\n`
}

/**
 * The sender's face beside the name: the avatar `archive sync --media` saved, else the name's
 * first letter in a circle whose colour comes from the user id (one of eight; no inline style,
 * which the page's CSP forbids). Never a URL of the service: the page loads nothing remote.
 */
function avatarHtml(userId: string, name: string, context: Pick<MessageContext, 'avatars' | 'usedMedia' | 'root'>): Html {
  const saved = context.avatars.get(userId)
  if (saved !== undefined) {
    context.usedMedia.add(saved)
    return html`<img class="avatar" src="${context.root}media/${saved}" alt="">`
  }

  return html`<span class="avatar initial c${colourOf(userId)}" aria-hidden="true">${initialOf(name)}</span>`
}

function initialOf(name: string): string {
  const letter = Array.from(name.replace(/^[^\p{L}\p{N}]+/u, ''))[0] ?? '?'
  return letter.toLocaleUpperCase('en-US')
}

function colourOf(userId: string): number {
  let hash = 0
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return hash % 8
}

/** "📌 Pinned by Alice": who pinned it and when (the time in the tooltip). */
function pinnedNote(message: MessageRow, context: MessageContext): Html {
  const by = message.pinnedBy === null ? '' : html` by <bdi>${userName(message.pinnedBy, context.names)}</bdi>`
  return html`<p class="pin" title="${context.clock.at(message.pinnedAt!).full}">📌 Pinned${by}</p>`
}

/** "edited", with the texts the edits replaced behind it (oldest first) when the archive kept them. */
function editedHtml(message: MessageRow, context: MessageContext): Html | '' {
  if (message.updatedAt === null || message.deletedAt !== null) return ''
  const title = context.clock.at(message.updatedAt).full
  const earlier = context.revisions.get(message.id) ?? []
  if (earlier.length === 0) return html` <span class="edited" title="${title}">edited</span>`
  const items = earlier.map((revision) => {
    const until = context.clock.at(revision.replacedAt)
    return html`<li><span class="text" dir="auto">${revision.text}</span> <span class="until">(until ${until.day} ${until.clock})</span></li>`
  })
  return html` <details class="revisions"><summary class="edited" title="${title}">edited</summary><p class="was">Earlier text:</p><ol>${items}</ol></details>`
}

/** The name a message is shown under: its own, else the archive's name for the sender, else `User <id>`. */
export function senderName(message: MessageRow, names: Map<string, string>): string {
  return message.name || userName(message.senderId, names)
}

/** A user's name in the archive (names holds no empty one), else `User <id>`. */
export function userName(id: string, names: Map<string, string>): string {
  return names.get(id) ?? `User ${id}`
}

function bodyHtml(message: MessageRow, context: MessageContext): Html {
  if (message.deletedAt !== null) {
    const by = message.deletionActor === 'sender' ? 'by the sender' : message.deletionActor ? `by ${message.deletionActor === 'admin' ? 'an admin' : message.deletionActor}` : ''
    const at = context.clock.at(message.deletedAt)
    return html`<p class="tombstone">This message was deleted${by ? ` ${by}` : ''} <span title="${at.full}">(${at.day} ${at.clock})</span></p>`
  }

  const reply = message.attachments.find((attachment) => attachment.type === 'reply')
  const parts = [
    reply ? replyHtml(reply, context) : '',
    message.text === '' ? '' : html`<p class="text" dir="auto">${linkedText(message.text)}</p>`,
    ...message.attachments.map((attachment, index) => attachmentHtml(attachment, `${message.id}:${index}`, context)),
  ]
  return joinHtml(parts)
}

function replyHtml(reply: Attachment, context: MessageContext): Html {
  const target = typeof reply.reply_id === 'string' ? context.replyTarget(reply.reply_id) : undefined
  if (!target) return html`<div class="reply missing">↩ A reply to a message that is not in the archive</div>`
  return html`<a class="reply" href="${target.href}">↩ <bdi class="who">${target.sender}</bdi> <span class="snippet" dir="auto">${target.snippet}</span></a>`
}

/** Only attachments worth showing return markup; mentions, splits and other bookkeeping return ''. */
function attachmentHtml(attachment: Attachment, key: string, context: MessageContext): Html | '' {
  switch (attachment.type) {
    case 'image':
    case 'linked_image': {
      const saved = context.media.get(key)
      if (saved !== undefined) {
        const src = useMedia(saved, context)
        return html`<a class="image" href="${src}"><img src="${src}" alt="An image" loading="lazy" decoding="async"></a>`
      }

      return remoteLink(attachment.url, '🖼 An image, not saved in the archive (open the original)', '🖼 An image, not saved in the archive')
    }

    case 'location':
      return locationHtml(attachment)
    case 'video': {
      const saved = context.media.get(key)
      if (saved !== undefined) {
        const src = useMedia(saved, context)
        return html`<video class="video" controls preload="metadata" src="${src}"></video><p class="attachment"><a href="${src}">🎬 The video (${sizeText(saved.bytes)})</a></p>`
      }

      return remoteLink(attachment.url, '🎬 A video, not saved in the archive (open the original)', '🎬 A video, not saved in the archive')
    }

    case 'file': {
      const saved = context.media.get(key)
      const name = saved?.fileName ?? fileName(attachment)
      if (saved !== undefined) {
        return html`<p class="attachment file"><a href="${useMedia(saved, context)}" download="${name}">📎 <bdi>${name}</bdi></a> <span class="size">${sizeText(saved.bytes)}</span></p>`
      }

      return html`<p class="attachment">📎 A file${name === 'A file' ? '' : html` (<bdi>${name}</bdi>)`}, not saved in the archive</p>`
    }

    case 'poll':
      return html`<p class="attachment">📊 A poll</p>`
    case 'event':
      return html`<p class="attachment">📅 An event</p>`
    case 'copilot':
      return citationsHtml(attachment)
    case 'reply':
    case 'mentions':
    case 'emoji':
    case 'split':
      return ''
    default:
      return typeof attachment.type === 'string' ? html`<p class="attachment">An attachment of type <code>${attachment.type}</code></p>` : ''
  }
}

/** The site's path of a saved file, from the page; the file is placed into the site. */
function useMedia(saved: SavedMedia, context: MessageContext): string {
  context.usedMedia.add(saved.path)
  return `${context.root}media/${saved.path}`
}

/** A file attachment's name where the service gave one; `A file` otherwise. */
export function fileName(attachment: Attachment): string {
  for (const field of ['file_name', 'name', 'filename']) {
    const value = attachment[field]
    if (typeof value === 'string' && value.trim() !== '') return value
  }

  return 'A file'
}

/** 1,234 bytes, 12.3 KB, 4.5 MB. */
export function sizeText(bytes: number): string {
  if (bytes < 1000) return `${bytes.toLocaleString('en-US')} bytes`
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} KB`
  return `${(bytes / 1_000_000).toFixed(1)} MB`
}

/** A name and a link to a map; coordinates that are not numbers in range give the name alone. */
function locationHtml(attachment: Attachment): Html {
  const lat = Number(attachment.lat)
  const lng = Number(attachment.lng)
  const name = typeof attachment.name === 'string' && attachment.name !== '' ? attachment.name : 'A location'
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
    return html`<p class="location">📍 <bdi>${name}</bdi></p>`
  }

  const map = `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=17/${lat}/${lng}`
  return html`<p class="location">📍 <bdi>${name}</bdi> <a href="${map}" rel="noopener noreferrer">map (${lat}, ${lng})</a></p>`
}

function citationsHtml(attachment: Attachment): Html | '' {
  const citations = Array.isArray(attachment.citations) ? (attachment.citations as Array<Record<string, unknown>>) : []
  const links = citations.flatMap((citation) => {
    const url = externalUrl(citation?.url)
    const title = typeof citation?.title === 'string' && citation.title !== '' ? citation.title : url
    return url ? [html`<li><a href="${url}" rel="noopener noreferrer"><bdi>${title}</bdi></a></li>`] : []
  })
  return links.length > 0 ? html`<ul class="citations">${links}</ul>` : ''
}

/** A link to the original on the service (never loaded by the page), or the label alone. */
function remoteLink(url: unknown, linked: string, plain: string): Html {
  const href = externalUrl(url)
  return href ? html`<p class="attachment"><a href="${href}" rel="noopener noreferrer">${linked}</a></p>` : html`<p class="attachment">${plain}</p>`
}

/**
 * Likes and reactions under the bubble: each emoji with its count; who gave it shows on hover or
 * focus (each is focusable), and is in the text for a screen reader ("♥ from Alice and Bob").
 */
function reactionsHtml(message: MessageRow, context: MessageContext): Html | '' {
  const given = context.reactions.get(message.id)
  if (given === undefined || given.length === 0) return ''
  const groups = new Map<string, string[]>()
  for (const reaction of given) {
    const mark = reaction.type === 'like' ? '♥' : (reaction.code ?? '★')
    groups.set(mark, [...(groups.get(mark) ?? []), userName(reaction.userId, context.names)])
  }

  const items = [...groups].map(
    ([mark, people]) =>
      html`<li class="reaction" tabindex="0"><span aria-hidden="true">${mark} ${people.length}</span><span class="who">${mark} from ${listOf(people)}</span></li>`,
  )
  return html`<ul class="reactions" aria-label="Reactions">${items}</ul>`
}

/** `Alice`, `Alice and Bob`, `Alice, Bob and Carol`. */
function listOf(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"'\u0000-\u001f\u007f-\u00a0]+/g

/** Text with its http(s) URLs as links; everything else as escaped text. */
export function linkedText(text: string): Html {
  const parts: Html[] = []
  let last = 0
  for (const match of text.matchAll(URL_IN_TEXT)) {
    // Trailing punctuation ends a sentence more often than a URL.
    const url = match[0].replace(/[.,;:!?)\]}]+$/, '')
    const start = match.index
    const href = externalUrl(url)
    if (!href) continue
    parts.push(html`${text.slice(last, start)}<a href="${href}" rel="noopener noreferrer">${url}</a>`)
    last = start + url.length
  }

  parts.push(html`${text.slice(last)}`)
  return joinHtml(parts)
}

/** The first characters of a message, for a reply or the chat list: whole code points, on one line. */
export function snippet(message: MessageRow, length = 120): string {
  if (message.deletedAt !== null) return 'A deleted message'
  const text = message.text.replace(/\s+/g, ' ').trim()
  if (text === '') {
    const kinds = message.attachments.map((attachment) => attachment.type)
    if (kinds.includes('image')) return '🖼 An image'
    if (kinds.includes('location')) return '📍 A location'
    if (kinds.includes('video')) return '🎬 A video'
    return kinds.length > 0 ? 'An attachment' : ''
  }

  const chars = Array.from(text)
  return chars.length > length ? `${chars.slice(0, length).join('')}…` : text
}
