import {describe, expect, test} from '@jest/globals'

import {parseJsonLossless, stringifyJson} from '../../../src/base/json.js'
import {UsageError} from '../../../src/base/errors.js'
import {looksLikeFieldList, parseFieldList, selectFields} from '../../../src/output/fields.js'

describe('--json FIELDS', () => {
  test('a field list is names and dotted paths; ids, compound ids and @names are not', () => {
    expect(looksLikeFieldList('id,text,other_user.name')).toBe(true)
    expect(looksLikeFieldList('created_at')).toBe(true)
    for (const word of ['118825642', '93645911+118825642', '@Bob', '-x', 'a,,b', '']) expect(looksLikeFieldList(word)).toBe(false)
  })

  test('known fields and paths below them pass; anything else names the fields there are', () => {
    expect(parseFieldList('id,other_user.name,id', ['id', 'other_user'])).toEqual(['id', 'other_user.name'])
    for (const bad of ['nope', 'other_userx', 'other_user.', 'ID']) {
      expect(() => parseFieldList(bad, ['id', 'other_user'])).toThrow(UsageError)
    }

    expect(() => parseFieldList('nope', ['id', 'other_user'])).toThrow('the fields are: id, other_user')
  })

  test('only the named fields, nested as in the object; missing ones are null; bare numbers stay bare', () => {
    const chat = parseJsonLossless('{"other_user":{"id":174700000000000123,"name":"A"},"count":3,"extra":true}')
    const selected = selectFields(chat, ['other_user.id', 'count', 'other_user.missing', 'gone.deeper'])
    expect(stringifyJson(selected)).toBe('{"other_user":{"id":174700000000000123,"missing":null},"count":3,"gone":{"deeper":null}}')
    // The service's object is not changed.
    expect(stringifyJson(chat)).toBe('{"other_user":{"id":174700000000000123,"name":"A"},"count":3,"extra":true}')
  })

  test('a whole object asked for makes paths below it say nothing more', () => {
    const chat = {other_user: {id: '1', name: 'A'}}
    expect(selectFields(chat, ['other_user.name', 'other_user'])).toEqual({other_user: {id: '1', name: 'A'}})
  })
})
