#!/usr/bin/env node
'use strict'
// CommonJS, as is dist/boot.cjs: Node then starts without its ES module loader (src/boot.ts).
// `--version` alone is answered here, before oclif loads, in oclif's own format.
const {join} = require('node:path')

const root = join(__dirname, '..')
if (process.argv.length === 3 && process.argv[2] === '--version') {
  const {name, version} = JSON.parse(require('node:fs').readFileSync(join(root, 'package.json'), 'utf8'))
  process.stdout.write(`${name}/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else {
  require('../dist/boot.cjs').runCli(root, process.argv.slice(2), process.env)
}
