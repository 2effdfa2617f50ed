#!/usr/bin/env node
'use strict'
// CommonJS, as is dist/boot.cjs: Node then starts without its ES module loader (src/boot.ts).
// On a Node below the floor it says which one it needs and stops. `--version` (or `version`) alone is answered here, before oclif loads, in oclif's own format.
const {join} = require('node:path')

const root = join(__dirname, '..')
// The floor (package.json engines, docs/decisions/0066-node-22-13-floor-node-sqlite-only.md): said before anything else runs, exit 2 (bad usage).
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 13)) {
  process.stderr.write(`groupme needs Node 22.13 or later; this is Node ${process.versions.node}\n`)
  process.exit(2)
} else if (process.argv.length === 3 && (process.argv[2] === '--version' || process.argv[2] === 'version')) {
  const {name, version} = JSON.parse(require('node:fs').readFileSync(join(root, 'package.json'), 'utf8'))
  process.stdout.write(`${name}/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else {
  require('../dist/boot.cjs').runCli(root, process.argv.slice(2), process.env)
}
