/**
 * The CLI's entry, bundled by scripts/bundle.js into dist/cli.cjs and loaded by src/boot.ts.
 * It exports the commands (src/commands.ts; oclif's "explicit" strategy) so the bundle holds them
 * all in one file: one module to load instead of hundreds. In the bundle each command's module
 * is evaluated when oclif first reads it; got, string-width (tables) and the sandbox stay behind
 * dynamic imports, evaluated when first used.
 */
import type {Interfaces} from '@oclif/core'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {flush} from '@oclif/core/flush'
import {run as runOclif} from '@oclif/core/run'
import {COMMANDS} from './commands.js'
import {readGlobalFlags} from './core/global-flags.js'
import {IOStreams} from './core/io.js'
import {sanitizeText} from './base/sanitize.js'
import {redact, reportError, toCliError, unknownCommand} from './core/report.js'
import {readSettings} from './core/settings.js'
import {helpRequest, normalizeArgv} from './help/argv.js'
import {topicText} from './help/render.js'
import {rootHelp} from './help/root.js'
import {HELP_TOPICS} from './help/topics.js'


export {COMMANDS}

/**
 * Run the CLI. Commands report their own errors (BaseCommand); what fails before a command
 * starts, such as an unknown command, is reported here the same way, and never echoes the
 * unknown words back.
 */
export async function run(load: Interfaces.LoadOptions, typed = process.argv.slice(2)): Promise<void> {
  const argv = normalizeArgv(typed)
  const settings = readSettings()
  const io = IOStreams.system(settings)
  // A reader that goes away (`| head`) ends the run quietly, as other Unix tools do.
  io.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0)
  })
  try {
    const help = helpRequest(argv)
    if (help) {
      io.stdout.write(help.kind === 'root' ? rootHelp(helpInput(load)) : topicText(HELP_TOPICS.find((topic) => topic.name === help.name)!))
      return
    }

    await runOclif(argv, load)
    await flush()
  } catch (error) {
    process.exitCode = reportUncaught(error as UncaughtError, argv, {stderr: io.stderr, token: settings.token})
  }
}

/** The topics' descriptions from package.json (as oclif loads it) and the commands' summaries. */
function helpInput(load: Interfaces.LoadOptions): Parameters<typeof rootHelp>[0] {
  const pjson = typeof load === 'object' && load !== null && 'pjson' in load && load.pjson
    ? load.pjson
    : (JSON.parse(readFileSync(join(typeof load === 'string' ? load : process.cwd(), 'package.json'), 'utf8')) as Interfaces.PJSON)
  return {topics: pjson.oclif.topics ?? {}, commands: COMMANDS}
}

type UncaughtError = Error & {code?: string; oclif?: {exit?: number}}

function reportUncaught(error: UncaughtError, argv: string[], {stderr, token}: {stderr: NodeJS.WritableStream; token?: string}): number {
  // BaseCommand has already reported it and chosen the exit code.
  if (error.code === 'EEXIT') return error.oclif?.exit ?? 0
  // oclif's "command nope not found" (also for words after a command that takes none), and
  // plugin-help's "Command nope not found." for `help nope`: plain CLIErrors, with no class or
  // property of their own, so the text is all there is to tell them by.
  const notFound = /^command \S* ?not found/i.test(error.message)
  const words = argv[0] === 'help' ? argv.slice(1) : argv
  const failure = notFound ? unknownCommand(words, [...Object.keys(COMMANDS), ...(argv[0] === 'help' ? HELP_TOPICS.map((topic) => topic.name) : [])]) : toCliError(error, undefined)
  const {json, debug} = readGlobalFlags(argv)
  reportError(failure, {json, secrets: [token], stderr})
  // --debug: where an unexpected error came from (src/ names through the bundle's source map, src/boot.ts).
  if (debug && !notFound && error.stack) stderr.write(redact(sanitizeText(error.stack), [token]) + '\n')
  return failure.exitCode
}
