import {HELP_TOPICS} from './topics.js'

/**
 * The words as oclif should see them: `-h` is `--help` everywhere (no command uses -h for anything
 * else), and `groupme version` is `groupme --version`. Words after `--` are left alone.
 */
export function normalizeArgv(argv: readonly string[]): string[] {
  if (argv.length === 1 && argv[0] === 'version') return ['--version']
  const end = argv.indexOf('--')
  return argv.map((word, index) => (word === '-h' && (end === -1 || index < end) ? '--help' : word))
}

/** What the words ask for before any command runs: the root help, a help topic, or neither. */
export function helpRequest(argv: readonly string[]): {kind: 'root'} | {kind: 'topic'; name: string} | undefined {
  if (argv.length === 0 || (argv.length === 1 && ['--help', 'help'].includes(argv[0]))) return {kind: 'root'}
  if (argv[0] === 'help' && argv.length === 2 && HELP_TOPICS.some((topic) => topic.name === argv[1])) return {kind: 'topic', name: argv[1]}
  return undefined
}
