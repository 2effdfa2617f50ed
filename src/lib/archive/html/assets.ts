/**
 * The site's stylesheet and its one script, written to `assets/` as they are here. The script runs
 * the search box, the sender filter and the lightbox: the pages read fully without it. It builds
 * its output with DOM calls (textContent, createElement), never innerHTML, so text stays text.
 */

export const VIEWER_CSS = `:root {
  color-scheme: light dark;
  --bg: #f3f4f6; --fg: #1d2433; --muted: #5f6b7a; --mine: #d9ecff; --theirs: #ffffff;
  --accent: #0b63c5; --border: #d3d8df; --system: #e7e9ee; --mark: #ffe58a;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #14171c; --fg: #e5e7eb; --muted: #9aa4b2; --mine: #1d3a58; --theirs: #22272f;
    --accent: #6fb6ff; --border: #363d49; --system: #1c2027; --mark: #6b5a12; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK JP", "Hiragino Sans",
    "Microsoft YaHei", sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji";
}
a { color: var(--accent); }
header.top, main, .search-results, footer.bottom { max-width: 880px; margin: 0 auto; padding: 0 12px; }
header.top { padding-top: 12px; padding-bottom: 8px; border-bottom: 1px solid var(--border); }
h1 { font-size: 20px; margin: 4px 0; overflow-wrap: anywhere; }
.sub { margin: 2px 0 8px; color: var(--muted); font-size: 13px; }
.crumbs { font-size: 13px; }
.pager { display: flex; gap: 16px; font-size: 14px; margin: 6px 0; }
.pager .off { color: var(--muted); }
footer.bottom { padding-top: 8px; padding-bottom: 32px; }
.search { display: flex; gap: 6px; margin: 6px 0 2px; }
.search input { flex: 1; min-width: 0; font: inherit; padding: 5px 8px; border: 1px solid var(--border); border-radius: 6px; background: var(--theirs); color: var(--fg); }
.search button { font: inherit; padding: 5px 12px; border: 1px solid var(--border); border-radius: 6px; background: var(--system); color: var(--fg); cursor: pointer; }
.search-results { padding-top: 8px; padding-bottom: 8px; border-bottom: 1px solid var(--border); max-height: 60vh; overflow-y: auto; }
.search-results a { display: block; color: inherit; text-decoration: none; }
.search-results a:hover .hit-text { text-decoration: underline; }
.search-results h2 { font-size: 15px; margin: 4px 0; }
.search-results ol { margin: 4px 0; padding-left: 22px; }
.search-results li { margin: 4px 0; overflow-wrap: anywhere; }
.search-results .hit-meta { display: block; color: var(--muted); font-size: 12px; }
.search-results mark { background: var(--mark); color: inherit; }
.search-results button { font: inherit; font-size: 13px; }
.log { padding: 4px 0 16px; }
h2.day { text-align: center; font-size: 12px; font-weight: 600; color: var(--muted); margin: 20px 0 6px; }
h2.day time { background: var(--system); border-radius: 10px; padding: 2px 10px; }
.msg { display: flex; flex-direction: column; align-items: flex-start; margin-top: 10px; }
.msg.cont { margin-top: 3px; }
.msg.mine { align-items: flex-end; }
.from { font-size: 12px; font-weight: 600; color: var(--muted); margin: 0 12px 2px; max-width: 90%; overflow-wrap: anywhere; }
.bubble {
  max-width: min(78%, 600px); min-width: 64px; background: var(--theirs); border: 1px solid var(--border);
  border-radius: 14px; padding: 6px 10px 3px; overflow-wrap: anywhere; word-break: break-word; unicode-bidi: isolate;
}
.mine .bubble { background: var(--mine); }
.text { margin: 0; white-space: pre-wrap; tab-size: 4; unicode-bidi: isolate; }
.meta { font-size: 11px; color: var(--muted); text-align: end; margin-top: 1px; }
.meta a { color: inherit; text-decoration: none; }
.edited { font-style: italic; }
.system { text-align: center; color: var(--muted); font-size: 13px; margin: 12px auto; max-width: 92%; overflow-wrap: anywhere; }
.system .text { font-style: italic; white-space: pre-wrap; }
.system a.when { color: inherit; text-decoration: none; font-size: 11px; }
.tombstone { margin: 0; color: var(--muted); font-style: italic; }
.reply {
  display: block; border-left: 3px solid var(--accent); padding: 1px 8px; margin: 2px 0 4px; font-size: 13px;
  color: var(--muted); text-decoration: none; overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
}
.reply .who { font-weight: 600; color: var(--fg); }
.attachment, .location { margin: 3px 0; font-size: 14px; }
.image { display: inline-block; margin: 4px 0; }
.image img {
  display: block; max-width: 100%; width: auto; height: auto; max-height: 260px; min-width: 64px; min-height: 64px;
  border-radius: 8px; object-fit: contain; background: var(--system);
}
.citations { margin: 4px 0; padding-left: 18px; font-size: 13px; }
.reactions { list-style: none; display: flex; flex-wrap: wrap; gap: 4px; margin: 3px 10px 0; padding: 0; font-size: 12px; }
.reactions li { position: relative; background: var(--theirs); border: 1px solid var(--border); border-radius: 10px; padding: 0 7px; cursor: default; }
.reactions .who {
  position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap;
}
.reactions li:hover .who, .reactions li:focus .who {
  width: auto; height: auto; clip-path: none; overflow: visible; z-index: 5; left: 0; top: calc(100% + 4px);
  background: var(--fg); color: var(--bg); border-radius: 6px; padding: 3px 8px; white-space: nowrap;
}
.pin { margin: 0 0 2px; font-size: 12px; color: var(--muted); }
.msg.pinned .bubble { border-color: var(--accent); }
.revisions { display: inline; }
.revisions summary { display: inline; cursor: pointer; list-style: none; text-decoration: underline dotted; }
.revisions[open] { display: block; text-align: start; color: var(--fg); }
.revisions .was { margin: 4px 0 0; color: var(--muted); }
.revisions ol { margin: 2px 0; padding-left: 18px; }
.revisions .until { color: var(--muted); }
.pinned-list li { margin: 6px 0; overflow-wrap: anywhere; }
.pinned-list .who { font-weight: 600; }
.msg:target .bubble, .system:target { outline: 2px solid var(--accent); outline-offset: 2px; }
table.chats { width: 100%; border-collapse: collapse; margin: 8px 0 32px; font-size: 14px; }
table.chats th { text-align: left; color: var(--muted); font-weight: 600; font-size: 12px; border-bottom: 1px solid var(--border); padding: 6px; }
table.chats td { padding: 8px 6px; border-bottom: 1px solid var(--border); vertical-align: top; }
table.chats .count { text-align: right; white-space: nowrap; }
table.chats .date { white-space: nowrap; }
table.chats .name { font-weight: 600; overflow-wrap: anywhere; }
table.chats .last { color: var(--muted); overflow-wrap: anywhere; }
table.chats .last .who { color: var(--fg); }
.page-list li { margin: 4px 0; }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, main:focus-visible, video:focus-visible {
  outline: 3px solid var(--accent); outline-offset: 2px;
}
.skip { position: absolute; left: -10000px; top: 0; background: var(--theirs); padding: 6px 10px; z-index: 10; }
.skip:focus { left: 8px; }
.avatar { display: inline-block; width: 22px; height: 22px; border-radius: 50%; vertical-align: -6px; margin-inline-end: 6px; object-fit: cover; }
.avatar.initial { text-align: center; line-height: 22px; font-size: 12px; font-weight: 700; color: #fff; }
.avatar.c0 { background: #b4462b; } .avatar.c1 { background: #1f7a4d; } .avatar.c2 { background: #2c5fa8; } .avatar.c3 { background: #8a3ea3; }
.avatar.c4 { background: #a3591b; } .avatar.c5 { background: #1b7f86; } .avatar.c6 { background: #5a6b1f; } .avatar.c7 { background: #a3345f; }
.video { display: block; max-width: 100%; max-height: 320px; margin: 4px 0; border-radius: 8px; background: #000; }
.file .size, .months .count { color: var(--muted); font-size: 12px; }
.end { text-align: center; color: var(--muted); font-size: 12px; margin: 8px 0 24px; }
.filter { font-size: 13px; margin: 4px 0; }
.filter select { font: inherit; }
.filter-count { color: var(--muted); margin-inline-start: 6px; }
.hidden-by-filter { display: none !important; }
.months, .page-list { columns: 2 220px; }
.gallery { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 10px; }
.gallery .media-item { background: var(--theirs); border: 1px solid var(--border); border-radius: 8px; padding: 6px; font-size: 12px; overflow-wrap: anywhere; }
.gallery .image img { max-height: 160px; width: 100%; }
.gallery .media-when { color: var(--muted); display: block; }
.lightbox { position: fixed; inset: 0; background: rgba(0, 0, 0, 0.88); display: flex; align-items: center; justify-content: center; z-index: 20; touch-action: pan-y; }
.lightbox img { max-width: 96vw; max-height: 90vh; object-fit: contain; background: #fff; }
.lightbox button { position: absolute; font: inherit; font-size: 22px; color: #fff; background: rgba(0, 0, 0, 0.4); border: 1px solid #888; border-radius: 6px; padding: 4px 12px; cursor: pointer; }
.lightbox .close { top: 12px; right: 12px; }
.lightbox .prev { left: 12px; top: 50%; }
.lightbox .next { right: 12px; top: 50%; }
.lightbox .where { position: absolute; bottom: 12px; color: #ddd; font-size: 13px; }
@media print {
  :root { --bg: #fff; --fg: #000; --muted: #444; --mine: #fff; --theirs: #fff; --border: #bbb; --system: #fff; }
  body { font-size: 11pt; }
  .search, .search-results, .pager, .filter, .skip, .crumbs, footer.bottom, .end, .lightbox, video { display: none !important; }
  header.top, main { max-width: none; padding: 0; border: 0; }
  .msg, .msg.mine { display: block; margin: 4px 0; break-inside: avoid; }
  .msg.cont { margin-top: 0; }
  .from { display: inline; margin: 0 6px 0 0; color: #000; }
  .avatar { display: none; }
  .bubble, .mine .bubble { display: block; max-width: none; border: 0; padding: 0 0 0 12px; background: none; }
  .reactions .who { position: static; width: auto; height: auto; clip-path: none; overflow: visible; margin-inline-start: 4px; }
  .reactions [aria-hidden] { display: none; }
  .meta { text-align: start; }
  .image img { max-height: 120px; }
  a { color: inherit; text-decoration: none; }
  h2.day { text-align: start; margin: 12px 0 4px; }
  h2.day time { background: none; padding: 0; }
}
@media (max-width: 640px) {
  table.chats thead { display: none; }
  table.chats, table.chats tbody, table.chats tr, table.chats td { display: block; width: 100%; }
  table.chats tr { border-bottom: 1px solid var(--border); padding: 6px 0; }
  table.chats td { border: 0; padding: 1px 0; text-align: left; }
  table.chats td.count, table.chats td.date { display: inline; width: auto; color: var(--muted); font-size: 12px; }
  table.chats td.count::after { content: " messages · "; }
  table.chats td.date + td.date::before { content: " – "; }
  .bubble { max-width: 88%; }
}
`

export const VIEWER_JS = `// The script of the GroupMe archive viewer: the search box. The index it searches is written
// beside the pages as .js files (a file:// page cannot fetch()), one a page, loaded with <script>
// only when a search starts, read and let go: memory holds one page's index and the hits not yet
// shown, never the whole archive (docs/viewer.md, "Search").
(function () {
  'use strict'
  var PAGE = 200
  var body = document.body
  var root = body.getAttribute('data-root') || ''
  var onlyChat = body.getAttribute('data-chat')
  var panel = document.getElementById('search-results')
  var form = document.querySelector('form.search')
  var catalogLoaded = null
  var catalog = null
  var arrived = {}
  var loading = {}
  var generation = 0

  window.GroupMeSearch = {
    catalog: function (chats) { catalog = chats },
    shard: function (dir, page, rows) { arrived[dir + '/' + page] = rows }
  }

  function fold(text) {
    return text.normalize('NFD').replace(/\\p{M}/gu, '').toLowerCase()
  }

  function script(src) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement('script')
      tag.src = src
      tag.onload = function () { tag.remove(); resolve() }
      tag.onerror = function () { tag.remove(); reject(new Error(src)) }
      document.head.appendChild(tag)
    })
  }

  // One page's index rows, loaded for this call and not kept: [id, seconds, time, sender, text].
  function shard(chat, file) {
    var key = chat.dir + '/' + file
    if (!loading[key]) {
      loading[key] = script(root + 'chats/' + key + '.search.js').then(function () {
        var rows = arrived[key]
        delete arrived[key]
        delete loading[key]
        if (!rows) throw new Error(key)
        return rows
      }, function (error) { delete loading[key]; throw error })
    }
    return loading[key]
  }

  function matcher(terms) {
    return function (text) {
      var lower = text.toLowerCase()
      if (terms.every(function (term) { return lower.indexOf(term) >= 0 })) return true
      if (!/[^\\x00-\\x7f]/.test(text)) return false
      var folded = fold(text)
      return terms.every(function (term) { return folded.indexOf(term) >= 0 })
    }
  }

  // Newer first: by time, then by id (ids are digits; a longer one is a larger one).
  function newer(a, b) {
    return b.at - a.at || (a.id.length !== b.id.length ? b.id.length - a.id.length : a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
  }

  // A walk of every chat's pages newest first, merged by time: the next page read is always the one
  // whose newest message is the newest not yet read, and a hit is shown only when no unread page
  // can hold a newer one. So hits come newest first across chats, a page (200) at a time.
  function Walk(chats, matches) {
    this.chats = chats.map(function (chat) { return {chat: chat, next: chat.pages.length - 1} })
    this.matches = matches
    this.pending = []
    this.scanned = {}
  }

  Walk.prototype.bound = function () {
    var best = null
    this.chats.forEach(function (cursor) {
      if (cursor.next >= 0 && (best === null || cursor.chat.pages[cursor.next][2] > best.chat.pages[best.next][2])) best = cursor
    })
    return best
  }

  Walk.prototype.done = function () { return this.pending.length === 0 && this.bound() === null }

  Walk.prototype.take = function (count) {
    var walk = this
    var out = []
    function step() {
      var cursor = walk.bound()
      walk.pending.sort(newer)
      while (out.length < count && walk.pending.length > 0 && (cursor === null || walk.pending[0].at > cursor.chat.pages[cursor.next][2])) out.push(walk.pending.shift())
      if (out.length === count || cursor === null) return Promise.resolve(out)
      var file = cursor.chat.pages[cursor.next][0]
      cursor.next--
      return shard(cursor.chat, file).then(function (rows) {
        var found = 0
        for (var i = 0; i < rows.length; i++) {
          var row = rows[i]
          if (walk.matches(row[4])) {
            found++
            walk.pending.push({chat: cursor.chat, page: file, id: row[0], at: row[1], time: row[2], sender: row[3], text: row[4]})
          }
        }
        walk.scanned[cursor.chat.dir + '/' + file] = found
        return step()
      })
    }
    return step()
  }

  // The exact count: every page's index read once (the pages the walk read are not read again), one at a time.
  function count(chats, walk, matches, alive, progress) {
    var total = 0
    var queue = []
    chats.forEach(function (chat) { chat.pages.forEach(function (page) { queue.push([chat, page[0]]) }) })
    function next() {
      if (!alive()) return Promise.resolve(null)
      if (queue.length === 0) return Promise.resolve(total)
      var item = queue.shift()
      var known = walk.scanned[item[0].dir + '/' + item[1]]
      if (known !== undefined) { total += known; return next() }
      return shard(item[0], item[1]).then(function (rows) {
        for (var i = 0; i < rows.length; i++) if (matches(rows[i][4])) total++
        if (queue.length % 20 === 0) progress(total)
        return next()
      })
    }
    return next()
  }

  function loadCatalog() {
    if (!catalogLoaded) catalogLoaded = script(root + 'chats/catalog.js').catch(function (error) { catalogLoaded = null; throw error })
    return catalogLoaded
  }

  function search(query) {
    var terms = fold(query).split(/\\s+/).filter(Boolean)
    var mine = ++generation
    var alive = function () { return mine === generation }
    if (terms.length === 0) { panel.hidden = true; return }
    status('Searching…')
    var failed = function () { if (alive()) status('The search index is missing or incomplete: run groupme archive html again.') }
    loadCatalog().then(function () {
      var chats = catalog.filter(function (chat) { return !onlyChat || chat.id === onlyChat })
      var matches = matcher(terms)
      var walk = new Walk(chats, matches)
      var view = new Results(query, terms, walk, alive)
      return walk.take(PAGE).then(function (hits) {
        if (!alive()) return
        view.add(hits)
        return count(chats, walk, matches, alive, function (sofar) { view.counted(sofar, false) }).then(function (total) {
          if (total !== null) view.counted(total, true)
        })
      })
    }).catch(failed)
  }

  function status(text) {
    panel.textContent = ''
    panel.appendChild(el('p', 'status', text))
    panel.hidden = false
  }

  function el(tag, className, text) {
    var node = document.createElement(tag)
    if (className) node.className = className
    if (text !== undefined) node.textContent = text
    return node
  }

  function Results(query, terms, walk, alive) {
    this.query = query
    this.terms = terms
    this.walk = walk
    this.alive = alive
    this.shown = 0
    this.total = null
    panel.textContent = ''
    this.heading = el('h2', null, '')
    this.heading.setAttribute('aria-live', 'polite')
    this.list = el('ol')
    this.more = el('button', 'more', 'Show ' + PAGE + ' more')
    this.more.type = 'button'
    var close = el('button', 'close', 'Close')
    close.type = 'button'
    close.addEventListener('click', function () { panel.hidden = true })
    var view = this
    this.more.addEventListener('click', function () {
      view.more.disabled = true
      walk.take(PAGE).then(function (hits) { if (alive()) view.add(hits) })
    })
    panel.appendChild(this.heading)
    panel.appendChild(this.list)
    panel.appendChild(this.more)
    panel.appendChild(close)
    panel.hidden = false
  }

  Results.prototype.add = function (hits) {
    var view = this
    hits.forEach(function (hit) { view.list.appendChild(hitItem(hit, view.terms)) })
    this.shown += hits.length
    this.more.disabled = false
    this.update()
  }

  Results.prototype.counted = function (total, exact) {
    this.total = total
    this.exact = exact
    this.update()
  }

  Results.prototype.update = function () {
    var q = '“' + this.query + '”'
    var text
    if (this.total === null || !this.exact) {
      var least = Math.max(this.shown, this.total || 0)
      text = least === 0 ? 'Searching for ' + q + '…' : 'At least ' + least.toLocaleString('en-US') + ' messages match ' + q + ' (counting…)'
    } else if (this.total === 0) {
      text = 'No message matches ' + q
    } else {
      text = this.total.toLocaleString('en-US') + (this.total === 1 ? ' message matches ' : ' messages match ') + q +
        (this.total > this.shown ? ', the newest ' + this.shown.toLocaleString('en-US') + ' shown' : '')
    }
    this.heading.textContent = text
    var left = this.exact ? this.total - this.shown : this.walk.done() ? 0 : PAGE
    this.more.hidden = left <= 0
    this.more.textContent = 'Show ' + Math.min(PAGE, left).toLocaleString('en-US') + ' more'
  }

  function hitItem(hit, terms) {
    var item = el('li')
    var link = el('a')
    link.href = root + 'chats/' + hit.chat.dir + '/' + hit.page + '.html#m-' + hit.id
    var meta = el('span', 'hit-meta')
    if (!onlyChat) { meta.appendChild(el('bdi', 'hit-chat', hit.chat.name)); meta.appendChild(document.createTextNode(' · ')) }
    meta.appendChild(el('time', null, hit.time))
    meta.appendChild(document.createTextNode(' · '))
    meta.appendChild(el('bdi', null, hit.sender))
    link.appendChild(meta)
    var text = el('span', 'hit-text')
    text.dir = 'auto'
    marked(text, hit.text, fold(hit.text), terms)
    link.appendChild(text)
    item.appendChild(link)
    return item
  }

  // The terms marked in the text, where folding kept its length (so positions agree).
  function marked(node, text, folded, terms) {
    if (folded.length !== text.length) { node.textContent = text; return }
    var ranges = []
    terms.forEach(function (term) {
      for (var at = folded.indexOf(term); at >= 0; at = folded.indexOf(term, at + term.length)) ranges.push([at, at + term.length])
    })
    ranges.sort(function (a, b) { return a[0] - b[0] })
    var last = 0
    ranges.forEach(function (range) {
      if (range[0] < last) return
      node.appendChild(document.createTextNode(text.slice(last, range[0])))
      node.appendChild(el('mark', null, text.slice(range[0], range[1])))
      last = range[1]
    })
    node.appendChild(document.createTextNode(text.slice(last)))
  }

  if (form && panel) {
    form.addEventListener('submit', function (event) {
      event.preventDefault()
      search(form.elements.q.value)
    })
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && !panel.hidden && !document.querySelector('.lightbox')) { panel.hidden = true; generation++ }
    })
  }
})()

// A permalink may name a message by its id alone (#1790845…): it goes to that message (#m-1790845…).
;(function () {
  'use strict'
  var match = /^#(\\d+)$/.exec(location.hash)
  if (match && document.getElementById('m-' + match[1])) location.replace('#m-' + match[1])
})()

// The sender filter of a chat page: only that sender's messages, and the days that hold them.
// The choice is kept for the chat while the tab is open, so Older and Newer keep it.
;(function () {
  'use strict'
  var form = document.querySelector('form.filter')
  var log = document.querySelector('.log')
  if (!form || !log) return
  var select = form.elements.sender
  var count = form.querySelector('.filter-count')
  var key = 'groupme-sender:' + (document.body.getAttribute('data-chat') || '')
  form.hidden = false

  function apply() {
    var who = select.value
    var shown = 0
    var day = null
    var inDay = 0
    function closeDay() { if (day) day.classList.toggle('hidden-by-filter', who !== '' && inDay === 0) }
    Array.prototype.forEach.call(log.children, function (node) {
      if (node.classList.contains('day')) { closeDay(); day = node; inDay = 0; return }
      var visible = who === '' || node.getAttribute('data-sender') === who
      node.classList.toggle('hidden-by-filter', !visible)
      if (visible) { inDay++; if (node.classList.contains('msg')) shown++ }
    })
    closeDay()
    count.textContent = who === '' ? '' : shown + (shown === 1 ? ' message' : ' messages') + ' on this page'
    try { if (who === '') sessionStorage.removeItem(key); else sessionStorage.setItem(key, who) } catch (error) { /* storage off: the filter still works on this page */ }
  }

  select.addEventListener('change', apply)
  form.addEventListener('submit', function (event) { event.preventDefault() })
  try {
    var kept = sessionStorage.getItem(key)
    if (kept && Array.prototype.some.call(select.options, function (option) { return option.value === kept })) { select.value = kept; apply() }
  } catch (error) { /* storage off */ }
})()

// The lightbox: an image opens full size over the page; Escape or Close closes it, the arrow keys
// and a swipe go to the page's other images, Tab stays inside it. Without the script the link
// opens the image itself.
;(function () {
  'use strict'
  var links = Array.prototype.slice.call(document.querySelectorAll('a.image'))
  if (links.length === 0) return
  var box = null
  var image = null
  var where = null
  var buttons = []
  var index = 0
  var opener = null
  var touchX = null

  function button(className, text, label, action) {
    var node = document.createElement('button')
    node.type = 'button'
    node.className = className
    node.textContent = text
    node.setAttribute('aria-label', label)
    node.addEventListener('click', function (event) { event.stopPropagation(); action() })
    return node
  }

  function show(at) {
    index = (at + links.length) % links.length
    var thumb = links[index].querySelector('img')
    image.src = links[index].getAttribute('href')
    image.alt = thumb ? thumb.alt : 'An image'
    where.textContent = 'Image ' + (index + 1) + ' of ' + links.length
  }

  function open(at, link) {
    opener = link
    box = document.createElement('div')
    box.className = 'lightbox'
    box.setAttribute('role', 'dialog')
    box.setAttribute('aria-modal', 'true')
    box.setAttribute('aria-label', 'Image, full size')
    image = document.createElement('img')
    where = document.createElement('p')
    where.className = 'where'
    where.setAttribute('aria-live', 'polite')
    buttons = [button('close', '✕', 'Close', close)]
    if (links.length > 1) buttons.push(button('prev', '‹', 'Previous image', function () { show(index - 1) }), button('next', '›', 'Next image', function () { show(index + 1) }))
    box.appendChild(image)
    box.appendChild(where)
    buttons.forEach(function (node) { box.appendChild(node) })
    box.addEventListener('click', function (event) { if (event.target === box) close() })
    box.addEventListener('touchstart', function (event) { touchX = event.changedTouches[0].clientX }, {passive: true})
    box.addEventListener('touchend', function (event) {
      if (touchX === null) return
      var moved = event.changedTouches[0].clientX - touchX
      touchX = null
      if (Math.abs(moved) > 40 && links.length > 1) show(index + (moved < 0 ? 1 : -1))
    })
    document.body.appendChild(box)
    show(at)
    buttons[0].focus()
  }

  function close() {
    if (!box) return
    box.remove()
    box = null
    if (opener) opener.focus()
  }

  links.forEach(function (link, at) {
    link.addEventListener('click', function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return
      event.preventDefault()
      open(at, link)
    })
  })

  document.addEventListener('keydown', function (event) {
    if (!box) return
    if (event.key === 'Escape') { event.preventDefault(); close() }
    else if (event.key === 'ArrowLeft' && links.length > 1) show(index - 1)
    else if (event.key === 'ArrowRight' && links.length > 1) show(index + 1)
    else if (event.key === 'Tab') {
      var at = buttons.indexOf(document.activeElement)
      event.preventDefault()
      buttons[(at + (event.shiftKey ? buttons.length - 1 : 1)) % buttons.length].focus()
    }
  })
})()
`
