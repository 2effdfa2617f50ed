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
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'none'"

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

export function pageHtml(layout: Layout): Html {
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
<header class="top">${layout.header}${searchForm(layout.chat === undefined ? 'Search all chats' : 'Search this chat')}</header>
<section id="search-results" class="search-results" hidden></section>
<main>
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
<td class="name">${chat.latestPage ? html`<a href="chats/${chat.dir}/${chat.latestPage}.html"><bdi>${chat.name}</bdi></a>` : html`<bdi>${chat.name}</bdi>`}</td>
<td class="count">${formatCount(chat.messages)}</td>
<td class="date">${chat.first ?? '—'}</td>
<td class="date">${chat.last ?? '—'}</td>
<td class="last">${chat.lastMessage ? html`<bdi class="who">${chat.lastMessage.sender}</bdi>: <span dir="auto">${chat.lastMessage.text}</span>` : ''}</td>
<td class="pages">${chat.pages > 0 ? html`<a href="chats/${chat.dir}/index.html">${plural(chat.pages, 'page')}</a>` : ''}</td>
</tr>`,
  )
  return pageHtml({
    title: 'GroupMe archive',
    root: '',
    header: html`<h1>GroupMe archive</h1><p class="sub">${plural(chats.length, 'chat')}, ${plural(messages, 'message')}. Dates in ${zone}.</p>`,
    main: html`<table class="chats">
<thead><tr><th scope="col">Chat</th><th scope="col" class="count">Messages</th><th scope="col">First</th><th scope="col">Last</th><th scope="col">Last message</th><th scope="col">Pages</th></tr></thead>
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

export function chatIndexHtml(chat: {id: string; name: string}, pages: PageEntry[], zone: string): Html {
  const rows = [...pages].reverse().map(
    (page) => html`<li><a href="${page.file}.html">Page ${page.number}</a>: ${page.first === page.last ? page.first : `${page.first} – ${page.last}`} (${plural(page.messages, 'message')})</li>\n`,
  )
  return pageHtml({
    title: `${chat.name}: pages`,
    root: '../../',
    chat: chat.id,
    header: html`<nav class="crumbs"><a href="../../index.html">All chats</a></nav><h1><bdi>${chat.name}</bdi></h1><p class="sub">${plural(pages.length, 'page')}, newest first. Dates in ${zone}.</p>`,
    main: html`<ol class="page-list" reversed>\n${rows}</ol>`,
  })
}

export interface ChatPage {
  chat: {id: string; name: string}
  page: PageEntry
  previous?: string
  next?: string
  zone: string
  body: HtmlValue
}

export function chatPageHtml(page: ChatPage): Html {
  const pager = html`<nav class="pager" aria-label="Pages">${page.previous ? html`<a href="${page.previous}.html" rel="prev">‹ Older</a>` : html`<span class="off">‹ Older</span>`} <a href="index.html">All pages</a> ${
    page.next ? html`<a href="${page.next}.html" rel="next">Newer ›</a>` : html`<span class="off">Newer ›</span>`
  }</nav>`
  const range = page.page.first === page.page.last ? page.page.first : `${page.page.first} – ${page.page.last}`
  return pageHtml({
    title: `${page.chat.name}: ${range}`,
    root: '../../',
    chat: page.chat.id,
    header: html`<nav class="crumbs"><a href="../../index.html">All chats</a></nav><h1><bdi>${page.chat.name}</bdi></h1><p class="sub">Page ${page.page.number}: ${range}, ${plural(page.page.messages, 'message')}. Times in ${page.zone}.</p>${pager}`,
    main: html`<div class="log">\n${page.body}</div>`,
    footer: html`<footer class="bottom">${pager}</footer>`,
  })
}

export function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`
}

function formatCount(count: number): string {
  return count.toLocaleString('en-US')
}
