import {describe, expect, test} from '@jest/globals'
import {matchName} from '../../../../src/lib/chats/names.js'
import {closestMatches, editDistance} from '../../../../src/core/suggest.js'

const people = [
  {id: '1', name: 'Bob'},
  {id: '2', name: 'BOB'},
  {id: '3', name: 'Alice Example'},
  {id: '4', name: 'Carol Jones'},
  {id: '5', name: 'Carol King'},
]

describe('matchName: exact, then any case if unique, then a unique first name', () => {
  test.each([
    ['Bob', '1', true],
    ['BOB', '2', true],
    ['alice example', '3', false],
    ['alice', '3', false],
    ['carol jones', '4', false],
  ])('%p is one person (%p), exactly: %p', (wanted, id, exact) => {
    expect(matchName(wanted, people)).toEqual({kind: 'one', person: people.find((person) => person.id === id), exact})
  })

  test('bob (two in another case) and carol (two first names) are ambiguous, listing the candidates', () => {
    expect(matchName('bob', people)).toEqual({kind: 'ambiguous', candidates: [people[0], people[1]]})
    expect(matchName('Carol', people)).toEqual({kind: 'ambiguous', candidates: [people[3], people[4]]})
  })

  test('two people with exactly the typed name are ambiguous', () => {
    expect(matchName('Bob', [people[0], {id: '9', name: 'Bob'}]).kind).toBe('ambiguous')
  })

  test('unknown: close names by typo or by holding the text, closest first; none when nothing is close', () => {
    expect(matchName('Alcie', people)).toEqual({kind: 'unknown', closeMatches: [people[2]]})
    expect(matchName('example', people)).toEqual({kind: 'unknown', closeMatches: [people[2]]})
    expect(matchName('Zebediah', people)).toEqual({kind: 'unknown', closeMatches: []})
  })
})

describe('suggestions', () => {
  test('editDistance counts a swap of neighbours as one edit, ignoring case', () => {
    expect(editDistance('lsit', 'list')).toBe(1)
    expect(editDistance('LIST', 'list')).toBe(0)
    expect(editDistance('lst', 'list')).toBe(1)
    expect(editDistance('', 'abc')).toBe(3)
  })

  test('closestMatches: typos and prefixes, closest first, nothing far away', () => {
    expect(closestMatches('lst', ['delete', 'export', 'list', 'purge', 'send', 'tail'])).toEqual(['list'])
    expect(closestMatches('limt', ['limit', 'since', 'before', 'after'])).toEqual(['limit'])
    expect(closestMatches('exp', ['delete', 'export', 'list'])).toEqual(['export'])
    expect(closestMatches('nope', ['auth', 'chats', 'dm', 'receipt', 'sandbox'])).toEqual([])
  })
})
