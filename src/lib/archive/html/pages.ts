/**
 * The site's pages: the chat list (index.html), a chat's list of pages, and a page of messages.
 * No page holds an inline script or style, and each carries a Content-Security-Policy that lets
 * it load only files beside it: opening the site contacts nobody (docs/viewer.md, "Safety").
 */
import {html, type Html, type HtmlValue} from './escape.js'

/**
 * `'self'` is the site's own folder tree under file:// (checked in Chromium by the browser tests);
 * no remote image, script, style, font, frame or connection is allowed.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'none'"

interface Layout {
  title: string
  /** From the page to the site's root: '' or '../../'. */
  root: string
  /** `data-chat` on body: the chat a search box searches; none on the chat list. */
  chat?: string
  header: Html
  main: Html
  footer?: Html
}

function pageHtml(layout: Layout): Html {
  const {root} = layout
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<title>${layout.title}</title>
<link rel="stylesheet" href="${root}assets/viewer.css">
<script src="${root}assets/viewer.js" defer></script>
</head>
<body data-root="${root}"${layout.chat === undefined ? '' : html` data-chat="${layout.chat}"`}>
<a class="skip" href="#main">Skip to the content</a>
<header class="top">${layout.header}${searchForm(layout.chat === undefined ? 'Search all chats' : 'Search this chat')}</header>
<section id="search-results" class="search-results" aria-label="Search results" hidden></section>
<main id="main" tabindex="-1">
${layout.main}
</main>
${layout.footer ?? ''}
</body>
</html>
`
}

function searchForm(label: string): Html {
  return html`<form class="search" role="search"><input type="search" name="q" aria-label="${label}" placeholder="${label}" autocomplete="off"> <button type="submit">Search</button></form>`
}

/** One row of the chat list. */
export interface ChatListEntry {
  name: string
  dir: string
  messages: number
  pages: number
  latestPage?: string
  first?: string
  last?: string
  lastMessage?: {sender: string; text: string}
}

export function indexPageHtml(chats: ChatListEntry[], zone: string, messages: number): Html {
  const rows = chats.map(
    (chat) => html`<tr>
<td class="name">${chat.latestPage ? html`<a href="chats/${chat.dir}/${chat.latestPage}.html#end"><bdi>${chat.name}</bdi></a>` : html`<bdi>${chat.name}</bdi>`}</td>
<td class="count">${formatCount(chat.messages)}</td>
<td class="date">${chat.first ?? '—'}</td>
<td class="date">${chat.last ?? '—'}</td>
<td class="last">${chat.lastMessage ? html`<bdi class="who">${chat.lastMessage.sender}</bdi>: <span dir="auto">${chat.lastMessage.text}</span>` : ''}</td>
<td class="pages">${chat.pages > 0 ? html`<a href="chats/${chat.dir}/index.html">${chat.pages > 1 ? plural(chat.pages, 'page') : 'Months'}</a>` : ''}</td>
</tr>`,
  )
  return pageHtml({
    title: 'GroupMe archive',
    root: '',
    header: html`<h1>GroupMe archive</h1><p class="sub">${plural(chats.length, 'chat')}, ${plural(messages, 'message')}. Dates in ${zone}.</p>`,
    main: html`<table class="chats">
<thead><tr><th scope="col">Chat</th><th scope="col" class="count">Messages</th><th scope="col">First</th><th scope="col">Last</th><th scope="col">Last message</th><th scope="col">Months, pages</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`,
  })
}

/** A chat's pages, newest first, each with its dates and count. */
export interface PageEntry {
  file: string
  number: number
  messages: number
  first: string
  last: string
}

/** A month of a chat: where its first day is, and how many messages it holds. */
export interface MonthEntry {
  /** `2026-10` */
  month: string
  label: string
  messages: number
  file: string
  day: string
}

/** A pinned message, for the chat's "Pinned" list. */
export interface PinnedEntry {
  href: string
  sender: string
  snippet: string
  /** When it was sent, and when pinned (the list is newest pinned first). */
  when: string
  pinnedAt: number
  pinned: string
  by?: string
}

/**
 * The chat's overview: its pinned messages (newest pinned first), its months (newest first, each
 * opening its page at its first day), and its pages when it has more than one.
 */
export function chatIndexHtml(chat: {id: string; name: string}, parts: {pages: PageEntry[]; months: MonthEntry[]; pinned: PinnedEntry[]}, zone: string): Html {
  const {pages, months} = parts
  const latest = pages.at(-1)
  const pins = [...parts.pinned]
    .sort((a, b) => b.pinnedAt - a.pinnedAt)
    .map(
      (pin) =>
        html`<li><a href="${pin.href}"><bdi class="who">${pin.sender}</bdi>, ${pin.when}:</a> <span dir="auto">${pin.snippet}</span> <span class="sub">(pinned ${pin.pinned}${pin.by ? html` by <bdi>${pin.by}</bdi>` : ''})</span></li>\n`,
    )
  const months_ = [...months].reverse().map(
    (month) => html`<li><a href="${month.file}.html#d-${month.day}">${month.label}</a> <span class="count">${plural(month.messages, 'message')}</span></li>\n`,
  )
  const rows = [...pages].reverse().map(
    (page) => html`<li><a href="${page.file}.html">Page ${page.number}</a>: ${page.first === page.last ? page.first : `${page.first} – ${page.last}`} (${plural(page.messages, 'message')})</li>\n`,
  )
  return pageHtml({
    title: `${chat.name}: months`,
    root: '../../',
    chat: chat.id,
    header: html`${chatNav(latest ? `${latest.file}.html#end` : undefined)}<h1><bdi>${chat.name}</bdi></h1><p class="sub">${plural(
      pages.reduce((sum, page) => sum + page.messages, 0),
      'message',
    )}${pages.length > 1 ? `, ${plural(pages.length, 'page')}` : ''}. Dates in ${zone}.</p>`,
    main: html`<section aria-labelledby="pinned"><h2 id="pinned">Pinned</h2>${
      pins.length > 0 ? html`<ol class="pinned-list">\n${pins}</ol>` : html`<p class="sub">No pinned message.</p>`
    }</section><section aria-labelledby="months"><h2 id="months">Months</h2><ol class="months">\n${months_}</ol></section>${
      pages.length > 1 ? html`<section aria-labelledby="pages"><h2 id="pages">Pages, newest first</h2><ol class="page-list" reversed>\n${rows}</ol></section>` : ''
    }`,
  })
}

/** The links every page of a chat has: the chat list, the chat's months, its pinned messages, its media, its newest messages. */
function chatNav(newest: string | undefined): Html {
  return html`<nav class="crumbs" aria-label="Chat"><a href="../../index.html">All chats</a> · <a href="index.html#months">Months</a> · <a href="index.html#pinned">Pinned</a> · <a href="media.html">Media</a>${
    newest ? html` · <a href="${newest}">Newest</a>` : ''
  }</nav>`
}

export interface ChatPage {
  chat: {id: string; name: string}
  page: PageEntry
  previous?: string
  next?: string
  zone: string
  /** Who wrote in the chat, for the sender filter. */
  senders: Array<{id: string; name: string}>
  body: HtmlValue
}

export function chatPageHtml(page: ChatPage): Html {
  // A chat of one page has nothing to walk to.
  const onePage = page.previous === undefined && page.next === undefined
  const pager = onePage
    ? ''
    : html`<nav class="pager" aria-label="Pages">${page.previous ? html`<a href="${page.previous}.html#end" rel="prev">‹ Older</a>` : html`<span class="off">‹ Older</span>`} <a href="index.html#pages">All pages</a> ${
        page.next ? html`<a href="${page.next}.html" rel="next">Newer ›</a>` : html`<span class="off">Newer ›</span>`
      }</nav>`
  const range = page.page.first === page.page.last ? page.page.first : `${page.page.first} – ${page.page.last}`
  const options = page.senders.map((sender) => html`<option value="${sender.id}">${sender.name}</option>`)
  return pageHtml({
    title: `${page.chat.name}: ${range}`,
    root: '../../',
    chat: page.chat.id,
    header: html`${chatNav(undefined)}<h1><bdi>${page.chat.name}</bdi></h1><p class="sub">${
      onePage ? '' : `Page ${page.page.number}: `
    }${range}, ${plural(page.page.messages, 'message')}. Times in ${page.zone}.</p>${pager}<form class="filter" hidden><label>Show messages from <select name="sender"><option value="">everyone</option>${options}</select></label> <output class="filter-count" aria-live="polite"></output></form>`,
    main: html`<div class="log">\n${page.body}</div><p id="end" class="end">${page.next ? html`<a href="${page.next}.html" rel="next">Newer messages ›</a>` : 'The newest message of this chat in the archive.'}</p>`,
    footer: onePage ? undefined : html`<footer class="bottom">${pager}</footer>`,
  })
}

/** One attachment of the media page: what it is, where it is saved, the message it came with. */
export interface MediaEntry {
  kind: 'image' | 'video' | 'file'
  src: string
  name: string
  size: string
  href: string
  when: string
}

/** A chat's images, videos and files, newest first, each linking to its message. */
export function mediaPageHtml(chat: {id: string; name: string}, items: MediaEntry[], newest: string | undefined): Html {
  const cells = [...items].reverse().map((item) => {
    const label = html`<span class="media-when">${item.when}</span> <a class="media-message" href="${item.href}">the message</a>`
    if (item.kind === 'image') {
      return html`<li class="media-item"><a class="image" href="${item.src}"><img src="${item.src}" alt="An image of ${item.when}" loading="lazy" decoding="async"></a>${label}</li>\n`
    }

    if (item.kind === 'video') return html`<li class="media-item"><video class="video" controls preload="none" src="${item.src}"></video>${label}</li>\n`
    return html`<li class="media-item file"><a href="${item.src}" download="${item.name}">📎 <bdi>${item.name}</bdi></a> <span class="size">${item.size}</span> ${label}</li>\n`
  })
  return pageHtml({
    title: `${chat.name}: media`,
    root: '../../',
    chat: chat.id,
    header: html`${chatNav(newest)}<h1><bdi>${chat.name}</bdi>: media</h1><p class="sub">${plural(items.length, 'image, video or file', 'images, videos and files')} saved by <code>archive sync --media</code>, newest first.</p>`,
    main: items.length > 0 ? html`<ol class="gallery">\n${cells}</ol>` : html`<p>No image, video or file of this chat is saved. Run <code>groupme archive sync --media</code>, then this command again.</p>`,
  })
}

export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${formatCount(count)} ${count === 1 ? noun : nouns}`
}

function formatCount(count: number): string {
  return count.toLocaleString('en-US')
}
