import type {Command} from '@oclif/core/command'
import type {Config} from '@oclif/core/config'
import {BaseCommand} from '../../core/base-command.js'
import type {Services} from '../../core/context.js'
import {mcpFlags, withBareAllowSend} from './options.js'

/**
 * `groupme mcp` and `groupme mcp config`: the same flags (mcpFlags, which config passes on), and
 * --allow-send alone (every chat), which oclif cannot parse, rewritten to `--allow-send=all` before
 * anything reads the words: oclif's parse, and the base command's early read of --json and --debug
 * (core/global-flags.ts), which would otherwise take the word after a bare --allow-send for its value.
 */
export abstract class McpCommand<T extends typeof Command> extends BaseCommand<T> {
  static override flags = mcpFlags

  constructor(argv: string[], config: Config, services?: Services) {
    super(withBareAllowSend(argv), config, services)
  }
}
