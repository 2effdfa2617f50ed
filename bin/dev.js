#!/usr/bin/env -S node --import tsx --disable-warning=ExperimentalWarning
// Development: runs the TypeScript sources through tsx, with no build step and no manifest.
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

process.env.NODE_ENV = 'development'
const root = fileURLToPath(new URL('..', import.meta.url))
const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
pjson.oclif.commands = {...pjson.oclif.commands, target: './src/cli.ts'}
const {run} = await import('../src/cli.ts')
await run({root, pjson, ignoreManifest: true})
