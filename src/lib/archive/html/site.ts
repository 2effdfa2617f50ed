/**
 * `archive html`: the archive as a static site that opens from file:// (docs/viewer.md).
 *
 *   index.html                      the chats: name, count, first and last date, last message
 *   chats/<chat>/index.html         a chat's pages, newest first
 *   chats/<chat>/0001.html          PAGE_SIZE messages a page, oldest first, by day
 *   chats/<chat>/0001.search.js     that page's search index, loaded only when a search starts
 *   chats/catalog.js                the chats and their pages, for the search
 *   assets/viewer.css, viewer.js    the style and the search box
 *   media/ab/<sha256>.<ext>         the saved images (hard links to the archive's, or copies)
 *   groupme-site.json               what the last run wrote, so the next writes only what changed
 *
 * Pages are counted from a chat's first message, so a sync that adds messages changes only the
 * last page or two (and the lists); every other file is left as it is.
 */
import {createHash} from 'node:crypto'
import {join, resolve} from 'node:path'
import {pathToFileURL} from 'node:url'
import {holdMemoryFlat} from '../../../base/memory.js'
import {FileLock} from '../../../core/lock.js'
import {type CommandOutput, linesOrDocument} from '../../../output/render.js'
import {mediaDirFor} from '../media.js'
import type {Database} from '../sqlite.js'
import {VIEWER_CSS, VIEWER_JS} from './assets.js'
import {html, type Html, joinHtml} from './escape.js'
import {fileName, messageHtml, type MessageContext, type ReplyTarget, senderName, sizeText, snippet, userName} from './message.js'
import {ArchiveReader, type ChatRow, isMediaPath, type MediaPaths, type MessageRow} from './model.js'
import {chatIndexHtml, type ChatListEntry, chatPageHtml, indexPageHtml, type MediaEntry, mediaPageHtml, type MonthEntry, type PageEntry, type PinnedEntry, plural} from './pages.js'
import {LocalClock} from './time.js'
import {MANIFEST, SiteWriter, type WriteCounts} from './writer.js'

/** Messages a page: a page of a 100,000-message chat opens in well under a second (bench H2). */
const PAGE_SIZE = 1000

export interface SiteRequest {
  dbPath: string
  out: string
  /** Compound chat ids; all chats when absent. */
  chats?: string[]
  /** An IANA zone for the times; the machine's (TZ) when absent. */
  timeZone?: string
}

export interface SiteReport {
  dir: string
  /** file:// URL of index.html: what to open. */
  open: string
  chats: number
  messages: number
  pages: number
  files: WriteCounts
  images: {placed: number; missing: number}
  timeZone: string
}

/** A chat as the search sees it: its pages, each `[file, first time, last time]` in Unix seconds. */
interface CatalogEntry {
  id: string
  dir: string
  name: string
  pages: Array<[string, number, number]>
}

type ListEntry = ChatListEntry & {lastAt: number}

/**
 * What the manifest keeps of each chat (writer.ts, notes): enough to list it in the index and the
 * search without reading it again, so `--chat` can rewrite some chats and keep the others as they are.
 */
interface ChatRecord {
  /** What its pages were made from (fingerprint()): the same again, and its files intact, it is not rendered again. */
  fingerprint: string
  entry: ListEntry
  catalog: CatalogEntry
  /** The media files its pages use, relative to the media folder. */
  media: string[]
}

export async function writeSite(db: Database, request: SiteRequest): Promise<SiteReport> {
  // Page after page through a small working set: the young generation need not grow (bench H1, peak RSS).
  await holdMemoryFlat()
  const dir = resolve(request.out)
  const writer = await SiteWriter.open(dir)
  const lock = await FileLock.acquire(join(dir, MANIFEST), {waitMs: 0, holder: 'another archive html run', guarding: dir})
  try {
    await writer.claimFolder()
    const reader = new ArchiveReader(db)
    const clock = new LocalClock(request.timeZone)
    const shared = {reader, writer, clock, me: reader.me(), names: reader.names(), avatars: reader.avatars()}
    const everyChat = siteFingerprint(shared)
    const inArchive = reader.chats()
    const wanted = request.chats ? new Set(request.chats) : undefined
    const previous = chatRecords(writer.previousNotes.chats)
    const records = new Map<string, ChatRecord>()
    const rewritten = new Set<string>()
    for (const chat of inArchive) {
      if (!wanted || wanted.has(chat.id)) {
        const media = reader.mediaPaths(chat.id)
        const fingerprint = sha256(`${everyChat}\n${reader.chatState(chat.id)}\n${chat.name}\n${JSON.stringify([...media])}`)
        const before = previous.get(chat.dir)
        if (before?.fingerprint === fingerprint && (await writer.keepIntact(`chats/${chat.dir}`))) {
          // Nothing it is made from changed: its files stay as they are.
          records.set(chat.dir, before)
          continue
        }

        records.set(chat.dir, await writeChat(chat, media, fingerprint, shared))
        rewritten.add(chat.dir)
      } else {
        // --chat: a chat the site already holds stays as it is (its pages are kept by finish()).
        const kept = previous.get(chat.dir)
        if (kept) records.set(chat.dir, kept)
      }
    }

    const list = [...records.values()].map((record) => record.entry).sort((a, b) => b.lastAt - a.lastAt || (a.dir < b.dir ? -1 : 1))
    const catalog = [...records.values()].map((record) => record.catalog)
    const messages = list.reduce((sum, chat) => sum + chat.messages, 0)

    const images = {placed: 0, missing: 0}
    const mediaDir = mediaDirFor(request.dbPath)
    const usedMedia = new Set([...records.values()].flatMap((record) => record.media))
    for (const path of [...usedMedia].sort()) {
      const sha256 = path.slice(3, 67)
      if (await writer.placeMedia(`media/${path}`, join(mediaDir, ...path.split('/')), sha256)) images.placed++
      else images.missing++
    }

    await writer.write('assets/viewer.css', VIEWER_CSS)
    await writer.write('assets/viewer.js', VIEWER_JS)
    await writer.write('chats/catalog.js', `GroupMeSearch.catalog(${JSON.stringify(catalog)});\n`)
    // Last of the pages: until it is replaced, the previous index links only to pages still there.
    await writer.write('index.html', indexPageHtml(list, clock.zone, messages).text)
    writer.record({chats: Object.fromEntries([...records].sort(([a], [b]) => (a < b ? -1 : 1)))})
    // The files of a chat this run did not rewrite stay while the chat is in the archive; the
    // files of a chat no longer there, and pages a rewritten chat no longer has, are removed.
    const archived = new Set(inArchive.map((chat) => chat.dir))
    await writer.finish((path) => {
      const folder = /^chats\/([^/]+)\//.exec(path)?.[1]
      if (folder !== undefined) return archived.has(folder) && !rewritten.has(folder)
      // Under --chat, the images of the chats kept stay too (a site of version 1 did not record whose they are).
      return wanted !== undefined && path.startsWith('media/')
    })
    return {
      dir,
      open: pathToFileURL(join(dir, 'index.html')).href,
      chats: list.length,
      messages,
      pages: catalog.reduce((sum, chat) => sum + chat.pages.length, 0),
      files: {...writer.counts},
      images,
      timeZone: clock.zone,
    }
  } finally {
    lock.release()
  }
}

interface Shared {
  reader: ArchiveReader
  writer: SiteWriter
  clock: LocalClock
  me: string
  names: Map<string, string>
  avatars: Map<string, string>
}

/** A chat's pages, their search shards and its list of pages; what the chat list says of it. */
async function writeChat(chat: ChatRow, media: MediaPaths, fingerprint: string, shared: Shared): Promise<ChatRecord> {
  const {reader, writer, clock} = shared
  const folder = `chats/${chat.dir}`
  const positions = new Map<string, number>()
  const pages: PageEntry[] = []
  const times: CatalogEntry['pages'] = []
  const usedMedia = new Set<string>()
  const reactions = reader.reactionsOf(chat.id)
  const revisions = reader.revisionsOf(chat.id)
  const pinned: PinnedEntry[] = []
  const months: MonthEntry[] = []
  const gallery: MediaEntry[] = []
  const senders = [
    {id: chat.otherUserId, name: chat.name},
    {id: shared.me, name: shared.names.get(shared.me) ?? 'Me'},
  ].filter((sender) => sender.id !== '')
  let buffer: MessageRow[] = []
  let first: MessageRow | undefined
  let last: MessageRow | undefined

  const writePage = async (hasNext: boolean) => {
    const number = pages.length + 1
    const file = pageFile(number)
    const context: MessageContext = {
      me: shared.me,
      names: shared.names,
      clock,
      media,
      root: '../../',
      usedMedia,
      avatars: shared.avatars,
      reactions,
      revisions,
      replyTarget: (id) => replyTarget(reader, chat.id, id, {positions, names: shared.names, currentFile: file}),
    }
    const entry: PageEntry = {file, number, messages: buffer.length, first: clock.at(buffer[0].createdAt).day, last: clock.at(buffer.at(-1)!.createdAt).day}
    const parts: Html[] = []
    // [id, Unix seconds, the time shown, sender, text]: the seconds order hits across chats.
    const shard: Array<[string, number, string, string, string]> = []
    let previous: MessageRow | undefined
    for (const message of buffer) {
      const time = clock.at(message.createdAt)
      if (previous === undefined || clock.at(previous.createdAt).day !== time.day) {
        parts.push(html`<h2 class="day" id="d-${time.day}"><time datetime="${time.day}">${time.dayLabel}</time></h2>\n`)
      }

      const month = time.day.slice(0, 7)
      if (months.at(-1)?.month !== month) months.push({month, label: clock.monthLabel(month), messages: 0, file, day: time.day})
      months.at(-1)!.messages++
      if (message.pinnedAt !== null && message.deletedAt === null) {
        const at = clock.at(message.pinnedAt)
        pinned.push({
          href: `${file}.html#m-${message.id}`,
          sender: senderName(message, shared.names),
          snippet: snippet(message),
          when: `${time.day} ${time.clock}`,
          pinnedAt: message.pinnedAt,
          pinned: `${at.day} ${at.clock}`,
          by: message.pinnedBy === null ? undefined : userName(message.pinnedBy, shared.names),
        })
      }

      if (message.deletedAt === null) {
        for (const item of mediaOf(message, media)) gallery.push({...item, href: `${file}.html#m-${message.id}`, when: `${time.day} ${time.clock}`})
      }

      parts.push(messageHtml(message, previous, context))
      const searchable = searchableText(message)
      if (searchable !== '') shard.push([message.id, message.createdAt, `${time.day} ${time.clock}`, senderName(message, shared.names), searchable])
      previous = message
    }

    const page = chatPageHtml({
      chat,
      page: entry,
      previous: number > 1 ? pageFile(number - 1) : undefined,
      next: hasNext ? pageFile(number + 1) : undefined,
      zone: clock.zone,
      senders,
      body: joinHtml(parts),
    })
    await writer.write(`${folder}/${file}.html`, page.text)
    await writer.write(`${folder}/${file}.search.js`, `GroupMeSearch.shard(${JSON.stringify(chat.dir)}, ${JSON.stringify(file)}, ${JSON.stringify(shard)});\n`)
    pages.push(entry)
    times.push([file, buffer[0].createdAt, buffer.at(-1)!.createdAt])
  }

  for (const message of reader.messages(chat.id)) {
    if (buffer.length === PAGE_SIZE) {
      await writePage(true)
      buffer = []
    }

    positions.set(message.id, positions.size)
    buffer.push(message)
    first ??= message
    last = message
  }

  if (buffer.length > 0) await writePage(false)
  if (pages.length > 0) {
    const newest = `${pages.at(-1)!.file}.html#end`
    await writer.write(`${folder}/media.html`, mediaPageHtml(chat, gallery, newest).text)
    await writer.write(`${folder}/index.html`, chatIndexHtml(chat, {pages, months, pinned}, clock.zone).text)
  }

  const lastAt = last?.createdAt ?? 0
  return {
    fingerprint,
    entry: {
      name: chat.name,
      dir: chat.dir,
      messages: positions.size,
      pages: pages.length,
      latestPage: pages.at(-1)?.file,
      first: first && clock.at(first.createdAt).day,
      last: last && clock.at(last.createdAt).day,
      lastMessage: last && {sender: senderName(last, shared.names), text: snippet(last, 80)},
      lastAt,
    },
    catalog: {id: chat.id, dir: chat.dir, name: chat.name, pages: times},
    media: [...usedMedia].sort(),
  }
}

/** Where the message a reply answers is (this page, or another), and what it said. */
function replyTarget(
  reader: ArchiveReader,
  chatId: string,
  id: string,
  known: {positions: Map<string, number>; names: Map<string, string>; currentFile: string},
): ReplyTarget | undefined {
  const target = reader.message(chatId, id)
  if (!target) return undefined
  // A reply answers an earlier message, already counted; the database counts any other.
  const position = known.positions.get(id) ?? reader.positionOf(chatId, id)
  const file = pageFile(Math.floor(position / PAGE_SIZE) + 1)
  return {href: file === known.currentFile ? `#m-${id}` : `${file}.html#m-${id}`, sender: senderName(target, known.names), snippet: snippet(target)}
}

/** A message's saved images, videos and files, for the media page (its src from a chat's folder). */
function mediaOf(message: MessageRow, media: MediaPaths): Array<Omit<MediaEntry, 'href' | 'when'>> {
  return message.attachments.flatMap((attachment, index): Array<Omit<MediaEntry, 'href' | 'when'>> => {
    const saved = media.get(`${message.id}:${index}`)
    if (saved === undefined) return []
    const src = `../../media/${saved.path}`
    const size = sizeText(saved.bytes)
    if (attachment.type === 'image' || attachment.type === 'linked_image') return [{kind: 'image', src, name: 'An image', size}]
    if (attachment.type === 'video') return [{kind: 'video', src, name: 'A video', size}]
    if (attachment.type === 'file') return [{kind: 'file', src, name: saved.fileName ?? fileName(attachment), size}]
    return []
  })
}

/** What the search finds a message by: its text and a location's name; nothing for a deleted message. */
function searchableText(message: MessageRow): string {
  if (message.deletedAt !== null) return ''
  const places = message.attachments.flatMap((attachment) => (attachment.type === 'location' && typeof attachment.name === 'string' ? [attachment.name] : []))
  return [message.text, ...places].filter((text) => text !== '').join('\n')
}

/**
 * Bump when a template or the way a page is made changes: every chat is then rendered again.
 * (The assets are part of the fingerprint by their text.)
 */
const RENDERING = 5

/** What every chat's pages depend on besides their own messages: the code, the zone, who is who. */
function siteFingerprint(shared: Shared): string {
  return sha256(
    JSON.stringify([RENDERING, PAGE_SIZE, VIEWER_CSS, VIEWER_JS, shared.clock.zone, shared.me, [...shared.names].sort(), [...shared.avatars].sort()]),
  )
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** The chats the last run recorded, by folder; a record of another shape is dropped (that chat is written again or not listed). */
function chatRecords(value: unknown): Map<string, ChatRecord> {
  const records = new Map<string, ChatRecord>()
  if (typeof value !== 'object' || value === null) return records
  for (const [dir, record] of Object.entries(value as Record<string, Partial<ChatRecord>>)) {
    const pages = record?.catalog?.pages
    if (
      typeof record?.fingerprint === 'string' &&
      typeof record?.entry?.name === 'string' &&
      record.entry.dir === dir &&
      typeof record.entry.messages === 'number' &&
      typeof record.entry.lastAt === 'number' &&
      record.catalog?.dir === dir &&
      Array.isArray(pages) &&
      pages.every((page) => Array.isArray(page) && /^\d{4,}$/.test(String(page[0])) && typeof page[1] === 'number' && typeof page[2] === 'number') &&
      Array.isArray(record.media) &&
      record.media.every(isMediaPath)
    ) {
      records.set(dir, record as ChatRecord)
    }
  }

  return records
}

function pageFile(number: number): string {
  return String(number).padStart(4, '0')
}

/** `--json`: the report; otherwise two lines, the second the address to open. */
export function siteOutput(report: SiteReport): CommandOutput {
  const summary =
    `Wrote ${plural(report.chats, 'chat')}, ${plural(report.messages, 'message')} in ${plural(report.pages, 'page')} to ${report.dir} ` +
    `(${plural(report.files.written, 'file')} written, ${report.files.unchanged} unchanged, ${report.files.removed} removed` +
    `${report.files.kept > 0 ? `, ${report.files.kept} changed by someone else and kept` : ''}; ` +
    `${plural(report.images.placed, 'image')}${report.images.missing > 0 ? `, ${report.images.missing} missing from the media folder` : ''}; times in ${report.timeZone})`
  return linesOrDocument([summary, `Open ${report.open}`], report)
}
