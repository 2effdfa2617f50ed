import {describe, expect, test} from '@jest/globals'
import {UsageError} from '../../../src/base/errors.js'
import {readSettings} from '../../../src/core/settings.js'

describe('readSettings', () => {
  test('reads what it is given, not the process\'s environment', () => {
    const settings = readSettings({GROUPME_TOKEN: '  abc\n', DEBUG: 'other,groupme:http', NO_COLOR: '1', TERM: 'dumb'})
    expect(settings).toMatchObject({token: 'abc', debug: true, noColor: true, dumbTerminal: true, forceColor: undefined})
    expect(readSettings({})).toMatchObject({token: undefined, debug: false, noColor: false, dumbTerminal: false})
  })

  test('a blank token is no token; an empty NO_COLOR is unset', () => {
    expect(readSettings({GROUPME_TOKEN: '  '}).token).toBeUndefined()
    expect(readSettings({NO_COLOR: ''}).noColor).toBe(false)
  })

  test('DEBUG must name groupme', () => {
    expect(readSettings({DEBUG: 'express:*'}).debug).toBe(false)
    expect(readSettings({DEBUG: 'groupme*'}).debug).toBe(true)
  })

  test('FORCE_COLOR: 0 is off, anything else on, unset or empty is undecided', () => {
    expect(readSettings({FORCE_COLOR: '0'}).forceColor).toBe(false)
    expect(readSettings({FORCE_COLOR: '1'}).forceColor).toBe(true)
    expect(readSettings({FORCE_COLOR: ''}).forceColor).toBeUndefined()
  })

  test('a bad GROUPME_MAX_RPS or base URL is exit 2 when used, not when read', () => {
    const settings = readSettings({GROUPME_MAX_RPS: 'fast', GROUPME_API_URL: 'http://api.example.com'})
    expect(() => settings.maxRequestsPerSecond()).toThrow(UsageError)
    expect(() => settings.endpoints()).toThrow(/GROUPME_API_URL/)
    expect(readSettings({}).maxRequestsPerSecond()).toBe(8)
    expect(readSettings({GROUPME_MAX_RPS: '0'}).maxRequestsPerSecond()).toBe(0)
  })

  test('the environment is read once: later changes to it do not show', () => {
    const env: NodeJS.ProcessEnv = {GROUPME_API_URL: 'https://a.example.com'}
    const settings = readSettings(env)
    env.GROUPME_API_URL = 'https://b.example.com'
    expect(settings.endpoints().api).toBe('https://a.example.com')
  })
})
