import {describe, expect, test} from '@jest/globals'

import {bundleHashOf, cacheDirectory, codeCacheFile, needsPlugins} from '../../src/boot.js'

describe('needsPlugins: which runs load oclif plugins (ES modules) through Node’s loader', () => {
  test.each([
    [[], true],
    [['--help'], true],
    [['-h'], true],
    [['help'], true],
    [['help', 'dm'], true],
    [['autocomplete'], false],
    [['completion', 'bash'], false],
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

describe('the code cache file: one per Node version, platform, install and bundle', () => {
  test('the bundle names its hash on its last line; a plain bundle names none', () => {
    expect(bundleHashOf('module.exports = 1\n// bundle-sha256:0123456789abcdef\n')).toBe('0123456789abcdef')
    expect(bundleHashOf('module.exports = 1\n')).toBeUndefined()
  })

  test('is named by Node, platform, install and bundle hash', () => {
    const file = codeCacheFile('/c/groupme', '/usr/lib/node_modules/groupme-dm-cli', '0123456789abcdef')
    expect(file).toMatch(new RegExp(`^/c/groupme/code-cache/${process.version}-${process.arch}-[\\da-f]{8}-0123456789abcdef\\.bin$`))
  })

  test('two installs of the same bundle never share one', () => {
    const one = codeCacheFile('/c/groupme', '/usr/lib/node_modules/groupme-dm-cli', '0123456789abcdef')
    const other = codeCacheFile('/c/groupme', '/home/me/.local/lib/node_modules/groupme-dm-cli', '0123456789abcdef')
    expect(one).not.toBe(other)
    expect(codeCacheFile('/c/groupme', '/usr/lib/node_modules/groupme-dm-cli', '0123456789abcdef')).toBe(one)
  })
})
