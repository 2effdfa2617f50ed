#!/usr/bin/env node
// S1 and S2 of `npm run bench` alone, for several builds of the CLI side by side: each build's
// `bin/run.cjs` and the baselines (`node -e 0`, a bare node:http GET) interleaved in one run, on
// each Node given, medians. For a change to start-up (a build option, a dependency upgrade):
// build the other variant into a copy first (bin/, dist/, package.json, oclif.manifest.json and a
// node_modules link), then
//
//   node test/bench/startup.js [--runs N] [--node MAJOR]... [--bin NAME=PATH/bin/run.cjs]...
//
// Default: this checkout's bin/run.cjs on the Node running this script, 20 runs. Each build runs
// once before timing (its first run writes its code cache). Wall times (medians) and, from
// /usr/bin/time, CPU times (user + system; means, as /usr/bin/time counts in 10 ms steps): on a
// busy machine the CPU column is the one to read.
// Needs `npm run compile` (the sandbox runs from dist/).
import {spawnSync} from 'node:child_process'
import {mkdtempSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {nodeBinary} from '../../scripts/fetch-node.js'
import {fmtMs, interleave, median, mustRun, startSandboxChild} from './lib.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const argv = process.argv.slice(2)
const values = (name) => argv.flatMap((word, index) => (word === name ? [argv[index + 1]] : []))
const runs = Number(values('--runs')[0] ?? 20)
const builds = values('--bin').map((spec) => spec.split('='))
if (builds.length === 0) builds.push(['this checkout', path.join(here, '../../bin/run.cjs')])
const nodes = values('--node').map((major) => ({name: `Node ${major}`, bin: nodeBinary(major)}))
if (nodes.length === 0) nodes.push({name: `Node ${process.versions.node.split('.')[0]}`, bin: process.execPath})

const sandbox = await startSandboxChild(path.join(here, 'sandbox-child.js'), 0)
const home = mkdtempSync(path.join(os.tmpdir(), 'groupme-startup-'))
const env = {PATH: process.env.PATH, HOME: home, XDG_CACHE_HOME: path.join(home, 'cache'), ...sandbox.env}
const chatsUrl = `${sandbox.url}/v3/chats?page=1&per_page=20`
const figures = [
  {id: 'S1', cli: ['--version'], base: ['-e', '0'], baseWhat: '`node -e 0`'},
  {id: 'S2', cli: ['chats', 'list', '--json'], base: [path.join(here, 'baseline-get.js'), chatsUrl], baseWhat: 'node:http GET + print'},
]

const rssFile = path.join(home, 'time.out')
const cpu = (samples) => (samples[0].cpuMs === undefined ? '—' : fmtMs(samples.reduce((sum, s) => sum + s.cpuMs, 0) / samples.length))
const lines = ['| figure | build | Node | median | baseline | ratio | CPU mean | baseline CPU mean |', '|---|---|---|---|---|---|---|---|']
try {
  for (const node of nodes) {
    for (const figure of figures) {
      const variants = [
        ...builds.map(([name, bin]) => ({name, run: () => mustRun(`${figure.id} ${name}`, node.bin, [bin, ...figure.cli], {env, stdout: 'pipe', rssFile})})),
        {name: 'baseline', run: () => mustRun(`${figure.id} baseline`, node.bin, figure.base, {env, stdout: 'pipe', rssFile})},
      ]
      process.stderr.write(`startup: ${figure.id} on ${node.name}, ${runs} runs each, interleaved\n`)
      const samples = await interleave(variants, runs)
      const base = median(samples.baseline.map((s) => s.ms))
      for (const [name] of builds) {
        const ms = median(samples[name].map((s) => s.ms))
        lines.push(`| ${figure.id} | ${name} | ${node.name} | ${fmtMs(ms)} | ${fmtMs(base)} (${figure.baseWhat}) | ${(ms / base).toFixed(2)}× | ${cpu(samples[name])} | ${cpu(samples.baseline)} |`)
      }
    }
  }
} finally {
  await sandbox.stop()
}

const load = os.loadavg().map((n) => n.toFixed(1)).join(' ')
process.stdout.write(`${lines.join('\n')}\n\n${runs} runs each, load average at the end ${load}; ${spawnSync('git', ['describe', '--always', '--dirty'], {encoding: 'utf8'}).stdout.trim()}\n`)
