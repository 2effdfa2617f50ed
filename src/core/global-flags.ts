/**
 * The flags a run needs before, or without, oclif's parse of a command's own: whether an error is
 * said as JSON (`--json`) and whether its stack and each request are logged (`--debug`). The one
 * place that reads them from the words as typed; nothing else scans argv for a flag.
 *
 * `--` ends the flags: `groupme dm send @x -- --json` sends the text "--json" and reports its
 * errors as lines. The word after a flag that takes a value is that value, not a flag
 * (`--jq --json`, or `-q --json` on commands where -q is --jq); which flags take one is the
 * command's business, so the caller says (undefined before a command is known).
 */
export interface GlobalFlags {
  /** `--json` or `--json=FIELDS`. */
  json: boolean
  debug: boolean
}

export function readGlobalFlags(argv: readonly string[], takesValue: (flag: string) => boolean = () => false): GlobalFlags {
  const flags: GlobalFlags = {json: false, debug: false}
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index]
    if (word === '--') break
    if (word === '--json' || word.startsWith('--json=')) flags.json = true
    else if (word === '--debug') flags.debug = true
    else if (!word.includes('=') && takesValue(word)) index++
  }

  return flags
}
