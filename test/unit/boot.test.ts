import {describe, expect, test} from '@jest/globals'

import {cacheDirectory, codeCacheFile, needsPlugins} from '../../src/boot.js'

describe('needsPlugins: which runs load oclif plugins (ES modules) through Node’s loader', () => {
  test.each([
    [[], true],
    [['--help'], true],
    [['-h'], true],
    [['help'], true],
    [['help', 'dm'], true],
    [['autocomplete'], true],
    [['autocomplete:script', 'bash'], true],
    [['dm', 'list', '123'], false],
    [['dm', '--help'], false],
    [['chats:list'], false],
    [['nope'], false],
  ])('%j → %s', (argv, expected) => {
    expect(needsPlugins(argv)).toBe(expected)
  })
})

describe('cacheDirectory: where compiled code is kept', () => {
  test.each([
    [{XDG_CACHE_HOME: '/x/cache', HOME: '/home/me'}, '/x/cache/groupme'],
    [{HOME: '/home/me'}, '/home/me/.cache/groupme'],
    [{XDG_CACHE_HOME: 'relative', HOME: '/home/me'}, '/home/me/.cache/groupme'],
    [{XDG_CACHE_HOME: '/x/cache', NODE_DISABLE_COMPILE_CACHE: '1'}, undefined],
  ])('%j → %s', (env, expected) => {
    expect(cacheDirectory(env)).toBe(expected)
  })
})

describe('codeCacheFile: one file per Node version, platform and bundle', () => {
  test('is named by the hash on the bundle’s last line', () => {
    const file = codeCacheFile('/c/groupme', 'module.exports = 1\n// bundle-sha256:0123456789abcdef\n')
    expect(file).toBe(`/c/groupme/code-cache/${process.version}-${process.arch}-0123456789abcdef.bin`)
  })

  test('is none for a bundle without one', () => {
    expect(codeCacheFile('/c/groupme', 'module.exports = 1\n')).toBeUndefined()
  })
})
