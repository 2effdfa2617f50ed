import {describe, expect, test} from '@jest/globals'
import {escapeHtml, externalUrl, html, joinHtml} from '../../../../../src/lib/archive/html/escape.js'
import {linkedText} from '../../../../../src/lib/archive/html/message.js'
import {LocalClock} from '../../../../../src/lib/archive/html/time.js'

describe('html`…`', () => {
  test('escapes every value, in text and in quoted attributes', () => {
    const name = `"><script>alert(1)</script>'`
    expect(html`<p title="${name}">${name}</p>`.text).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#39;">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#39;</p>',
    )
  })

  test('markup made by html goes in as it is; lists are joined; null, undefined and false are nothing', () => {
    const inner = html`<b>${'<i>'}</b>`
    expect(html`${inner}${['a&', html`<hr>`]}${null}${undefined}${false}${0}`.text).toBe('<b>&lt;i&gt;</b>a&amp;<hr>0')
    expect(joinHtml(['<x>', html`<y>`], ', ').text).toBe('&lt;x&gt;, <y>')
  })

  test('control and invisible characters become escapes, as on a terminal; tabs, line breaks and emoji joiners stay', () => {
    expect(escapeHtml('\u001b[31mred\u0000\u007f\u0085\tx\r\ny\u200bz')).toBe('\\u001b[31mred\\u0000\\u007f\\u0085\tx\ny\\u200bz')
    expect(escapeHtml('👩\u200d💻 <b>')).toBe('👩\u200d💻 &lt;b&gt;')
  })

  test('only http and https URLs become links', () => {
    expect(externalUrl('javascript:alert(1)')).toBeUndefined()
    expect(externalUrl('data:text/html,<script>')).toBeUndefined()
    expect(externalUrl('file:///etc/passwd')).toBeUndefined()
    expect(externalUrl('https://example.com/a?b="c"')).toBe('https://example.com/a?b=%22c%22')
    expect(linkedText('see https://example.com/x. and javascript:alert(1) <b>').text).toBe(
      'see <a href="https://example.com/x" rel="noopener noreferrer">https://example.com/x</a>. and javascript:alert(1) &lt;b&gt;',
    )
  })
})

describe('LocalClock', () => {
  test('local day, time and offset, through a daylight-saving change', () => {
    const clock = new LocalClock('Europe/Berlin')
    expect(clock.zone).toBe('Europe/Berlin')
    // 2026-10-25 00:30 UTC is 02:30 summer time; 02:30 UTC the same day is 03:30 winter time.
    expect(clock.at(1_792_888_200)).toEqual({
      day: '2026-10-25',
      dayLabel: 'Sunday 25 October 2026',
      clock: '02:30',
      full: '2026-10-25 02:30:00 GMT+02:00',
      iso: '2026-10-25T00:30:00Z',
    })
    expect(clock.at(1_792_895_400)).toMatchObject({clock: '03:30', full: '2026-10-25 03:30:00 GMT+01:00'})
    expect(new LocalClock('UTC').at(1_792_888_200)).toMatchObject({day: '2026-10-25', clock: '00:30', full: '2026-10-25 00:30:00 GMT+00:00'})
    expect(new LocalClock('Asia/Kathmandu').at(1_792_888_200)).toMatchObject({clock: '06:15'})
    expect(new LocalClock(':/etc/localtime').zone).toBe(new LocalClock().zone)
  })
})
