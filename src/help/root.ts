import {HELP_TOPICS} from './topics.js'

/** The examples of `groupme` alone; run against the sandbox like every other example (test/e2e/examples.test.ts). */
export const ROOT_EXAMPLES: ReadonlyArray<{description: string; command: string}> = [
  {description: 'Your chats, most recent first', command: 'groupme chats list'},
  {description: 'The last five messages with Alice', command: 'groupme dm list @Alice --limit 5'},
  {description: 'Send, exactly once even from cron', command: 'groupme dm send @Bob "hi" --source-guid "hi-$(date +%F)"'},
  {description: 'Everything as JSON, for jq', command: "groupme chats list --all --json | jq -r '.[].other_user.name'"},
]

/** What a topic of commands is for (package.json's oclif.topics) and a command's summary. */
export interface RootHelpInput {
  topics: Record<string, {description?: string}>
  commands: Record<string, {summary?: string}>
}

/**
 * `groupme`, `groupme --help`, `groupme -h`, `groupme help`: what there is, the help topics and a
 * few examples, as `gh` shows them.
 */
export function rootHelp({topics, commands}: RootHelpInput): string {
  const firstWords = [...new Set(Object.keys(commands).map((id) => id.split(':')[0]))].sort()
  const entries: Array<[string, string]> = firstWords.map((word) => [word, topics[word]?.description ?? commands[word]?.summary ?? ''])
  entries.push(['help', 'Help for a command or a topic.'], ['version', 'The version of groupme.'])
  return [
    'A scriptable command line for GroupMe direct messages.',
    '',
    'USAGE',
    '  groupme <command> <subcommand> [flags]',
    '',
    'COMMANDS',
    ...columns(entries),
    '',
    'HELP TOPICS',
    ...columns(HELP_TOPICS.map((topic) => [topic.name, topic.summary])),
    '',
    'EXAMPLES',
    ...ROOT_EXAMPLES.flatMap(({description, command}) => [`  # ${description}`, `  $ ${command}`]),
    '',
    'LEARN MORE',
    '  groupme <command> --help (or -h) for a command; groupme help <topic> for a topic.',
    '  Try it all without an account: groupme sandbox --help',
    '',
  ].join('\n')
}

function columns(rows: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.max(...rows.map(([name]) => name.length)) + 2
  return rows.map(([name, text]) => `  ${name.padEnd(width)}${text}`)
}
