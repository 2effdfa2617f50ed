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
import {join, resolve} from 'node:path'
import {pathToFileURL} from 'node:url'
import {FileLock} from '../../../core/lock.js'
import {type CommandOutput, lines} from '../../../output/render.js'
import {writeChunk} from '../../../output/stream.js'
import {mediaDirFor} from '../media.js'
import type {Database} from '../sqlite.js'
import {VIEWER_CSS, VIEWER_JS} from './assets.js'
import {html, type Html, joinHtml} from './escape.js'
import {messageHtml, type MessageContext, type ReplyTarget, senderName, snippet} from './message.js'
import {ArchiveReader, type ChatRow, type MessageRow} from './model.js'
import {chatIndexHtml, type ChatListEntry, chatPageHtml, indexPageHtml, type PageEntry, plural} from './pages.js'
import {LocalClock} from './time.js'
import {MANIFEST, SiteWriter} from './writer.js'

/** Messages a page: a page of a 100,000-message chat opens in well under a second (bench H2). */
export const PAGE_SIZE = 1000

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
  files: {written: number; unchanged: number; removed: number}
  images: {placed: number; missing: number}
  timeZone: string
}

interface CatalogEntry {
  id: string
  dir: string
  name: string
  pages: string[]
}

export async function writeSite(db: Database, request: SiteRequest): Promise<SiteReport> {
  const dir = resolve(request.out)
  const writer = await SiteWriter.open(dir)
  const lock = await FileLock.acquire(join(dir, MANIFEST), {waitMs: 0, holder: 'another archive html run', guarding: dir})
  try {
    await writer.claimFolder()
    const reader = new ArchiveReader(db)
    const clock = new LocalClock(request.timeZone)
    const shared = {reader, writer, clock, me: reader.me(), names: reader.names(), usedMedia: new Set<string>()}
    const list: Array<ChatListEntry & {lastAt: number}> = []
    const catalog: CatalogEntry[] = []
    for (const chat of reader.chats(request.chats)) {
      const written = await writeChat(chat, shared)
      list.push(written.entry)
      catalog.push({id: chat.id, dir: chat.dir, name: chat.name, pages: written.pages})
    }

    list.sort((a, b) => b.lastAt - a.lastAt || (a.dir < b.dir ? -1 : 1))
    const messages = list.reduce((sum, chat) => sum + chat.messages, 0)
    await writer.write('assets/viewer.css', VIEWER_CSS)
    await writer.write('assets/viewer.js', VIEWER_JS)
    await writer.write('chats/catalog.js', `GroupMeSearch.catalog(${JSON.stringify(catalog)});\n`)
    await writer.write('index.html', indexPageHtml(list, clock.zone, messages).text)

    const images = {placed: 0, missing: 0}
    const mediaDir = mediaDirFor(request.dbPath)
    for (const path of [...shared.usedMedia].sort()) {
      const sha256 = path.slice(3, 67)
      if (await writer.placeMedia(`media/${path}`, join(mediaDir, ...path.split('/')), sha256)) images.placed++
      else images.missing++
    }

    await writer.finish()
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
  usedMedia: Set<string>
}

/** A chat's pages, their search shards and its list of pages; what the chat list says of it. */
async function writeChat(chat: ChatRow, shared: Shared): Promise<{entry: ChatListEntry & {lastAt: number}; pages: string[]}> {
  const {reader, writer, clock} = shared
  const folder = `chats/${chat.dir}`
  const positions = new Map<string, number>()
  const pages: PageEntry[] = []
  const media = reader.mediaPaths(chat.id)
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
      usedMedia: shared.usedMedia,
      replyTarget: (id) => replyTarget(reader, chat.id, id, {positions, names: shared.names, currentFile: file}),
    }
    const entry: PageEntry = {file, number, messages: buffer.length, first: clock.at(buffer[0].createdAt).day, last: clock.at(buffer.at(-1)!.createdAt).day}
    const parts: Html[] = []
    const shard: Array<[string, string, string, string]> = []
    let previous: MessageRow | undefined
    for (const message of buffer) {
      const time = clock.at(message.createdAt)
      if (previous === undefined || clock.at(previous.createdAt).day !== time.day) {
        parts.push(html`<h2 class="day"><time datetime="${time.day}">${time.dayLabel}</time></h2>\n`)
      }

      parts.push(messageHtml(message, previous, context))
      const searchable = searchableText(message)
      if (searchable !== '') shard.push([message.id, `${time.day} ${time.clock}`, senderName(message, shared.names), searchable])
      previous = message
    }

    const page = chatPageHtml({
      chat,
      page: entry,
      previous: number > 1 ? pageFile(number - 1) : undefined,
      next: hasNext ? pageFile(number + 1) : undefined,
      zone: clock.zone,
      body: joinHtml(parts),
    })
    await writer.write(`${folder}/${file}.html`, page.text)
    await writer.write(`${folder}/${file}.search.js`, `GroupMeSearch.shard(${JSON.stringify(chat.dir)}, ${JSON.stringify(file)}, ${JSON.stringify(shard)});\n`)
    pages.push(entry)
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
  if (pages.length > 0) await writer.write(`${folder}/index.html`, chatIndexHtml(chat, pages, clock.zone).text)
  const lastAt = last?.createdAt ?? 0
  return {
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
    pages: pages.map((page) => page.file),
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

/** What the search finds a message by: its text and a location's name; nothing for a deleted message. */
function searchableText(message: MessageRow): string {
  if (message.deletedAt !== null) return ''
  const places = message.attachments.flatMap((attachment) => (attachment.type === 'location' && typeof attachment.name === 'string' ? [attachment.name] : []))
  return [message.text, ...places].filter((text) => text !== '').join('\n')
}

function pageFile(number: number): string {
  return String(number).padStart(4, '0')
}

/** `--json`: the report; otherwise two lines, the second the address to open. */
export function siteOutput(report: SiteReport): CommandOutput {
  const summary =
    `Wrote ${plural(report.chats, 'chat')}, ${plural(report.messages, 'message')} in ${plural(report.pages, 'page')} to ${report.dir} ` +
    `(${plural(report.files.written, 'file')} written, ${report.files.unchanged} unchanged, ${report.files.removed} removed; ` +
    `${plural(report.images.placed, 'image')}${report.images.missing > 0 ? `, ${report.images.missing} missing from the media folder` : ''}; times in ${report.timeZone})`
  const text = lines([summary, `Open ${report.open}`])
  return {
    async render(mode, streams) {
      if (mode.format === 'json' || mode.format === 'jsonl') {
        await writeChunk(streams.stdout, JSON.stringify(report, null, mode.format === 'json' ? 2 : undefined) + '\n')
        return
      }

      await text.render(mode, streams)
    },
  }
}
