import * as Args from '@oclif/core/args'
import {BaseCommand, baseFlagsRefusing} from '../core/base-command.js'
import {HELP_TOPICS} from '../help/topics.js'
import {bashScript, type CompletionFlag} from '../lib/completion/script.js'
import {lines, noTsvHelp} from '../output/render.js'

const SHELLS = ['bash', 'zsh'] as const

/** Why --json and --header do not apply. */
const SCRIPT_ONLY = 'it prints a shell script'

export default class Completion extends BaseCommand<typeof Completion> {
  static override summary = 'Print the shell completion script for bash or zsh.'
  static override description =
    'Completes commands, flags, the values of flags that take one of a list (--order asc|desc), files for ' +
    '--out, --image and --state, and directories for --media. To set it up, add the line that loads it to your ' +
    'shell\'s start-up file (the examples), then open a new shell.' +
    '\n\n' +
    noTsvHelp(SCRIPT_ONLY)

  static override aliases = ['autocomplete']

  static override examples = [
    {description: 'bash: load it in every new shell', command: 'echo \'eval "$(<%= config.bin %> completion bash)"\' >> ~/.bashrc'},
    {description: 'zsh: the same', command: 'echo \'eval "$(<%= config.bin %> completion zsh)"\' >> ~/.zshrc'},
    {description: 'See the script', command: '<%= config.bin %> completion bash'},
  ]

  static override baseFlags = baseFlagsRefusing({json: SCRIPT_ONLY, header: SCRIPT_ONLY})

  static override args = {
    shell: Args.string({description: 'The shell.', options: [...SHELLS], default: 'bash'}),
  }

  async run() {
    const commands = this.config.commands
      .filter((command) => !command.hidden)
      .map((command) => ({
        id: command.id,
        // A hidden flag is not offered: a test's, or one the command refuses (--json of groupme mcp).
        flags: Object.entries(command.flags).filter(([, flag]) => !flag.hidden).map(([name, flag]): CompletionFlag => ({
          name,
          char: flag.char,
          type: flag.type,
          options: flag.type === 'option' ? flag.options : undefined,
          allowNo: flag.type === 'boolean' ? flag.allowNo : undefined,
        })),
      }))
    return lines([bashScript(commands, HELP_TOPICS.map((topic) => topic.name)).trimEnd()])
  }
}
