import {describe, expect, test} from '@jest/globals'
import {spawnSync} from 'node:child_process'
import {BIN} from './helpers/cli.js'
import {nodeBinary} from '../../scripts/fetch-node.js'

/**
 * A Node below the floor (22.13, package.json engines): the machine's own Node when it is one
 * (this machine's /usr/bin/node is 20), else Node 20 from the npm registry (scripts/fetch-node.js).
 */
function oldNode(): {bin: string; version: string} {
  for (const bin of ['/usr/bin/node', '/usr/local/bin/node']) {
    const version = versionOf(bin)
    if (version && belowFloor(version)) return {bin, version}
  }

  const bin = nodeBinary(20)
  return {bin, version: versionOf(bin)!}
}

function versionOf(bin: string): string | undefined {
  const result = spawnSync(bin, ['--version'], {encoding: 'utf8'})
  return result.status === 0 ? result.stdout.trim().replace(/^v/, '') : undefined
}

function belowFloor(version: string): boolean {
  const [major, minor] = version.split('.').map(Number)
  return major < 22 || (major === 22 && minor < 13)
}

describe('the Node floor (bin/run.cjs)', () => {
  const {bin, version} = oldNode()

  test.each([[['chats', 'list', '--json']], [['--version']], [['--help']], [[]]])('groupme %j on an older Node says which Node it needs, exit 2, stdout empty', (args) => {
    const result = spawnSync(bin, [BIN, ...args], {encoding: 'utf8', env: {PATH: process.env.PATH, HOME: '/nonexistent'}})
    expect(result.status).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(`groupme needs Node 22.13 or later; this is Node ${version}\n`)
  })
})
