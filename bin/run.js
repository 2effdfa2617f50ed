#!/usr/bin/env node
// `--version` (or `version`) alone is answered here, before oclif loads, in oclif's own format.
if (process.argv.length === 3 && (process.argv[2] === '--version' || process.argv[2] === 'version')) {
  const {readFileSync} = await import('node:fs')
  const {name, version} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  process.stdout.write(`${name}/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else {
  const [{runCli}, {fileURLToPath}] = await Promise.all([import('../dist/boot.js'), import('node:url')])
  await runCli(fileURLToPath(new URL('..', import.meta.url)), process.argv.slice(2))
}
