import {copyField} from '../base/json.js'
import {UsageError} from '../base/errors.js'
import {isRecord} from '../base/json-file.js'
import {sanitizeLine} from '../base/sanitize.js'

/** A field list as `--json` takes it: names and dotted paths, comma-separated. */
const FIELD_LIST = /^[A-Za-z_][\w.]*(?:,[A-Za-z_][\w.]*)*$/

/** Whether a word after `--json` is a field list; a command's own arguments (ids, a+b, @Name) never are. */
export function looksLikeFieldList(word: string): boolean {
  return FIELD_LIST.test(word)
}

/**
 * `--json id,text,other_user.name`: each field must be one of `available`, or a dotted path
 * below one of them. An unknown one is exit 2 naming the fields there are, as gh does.
 */
export function parseFieldList(text: string, available: readonly string[]): string[] {
  const fields = text.split(',').map((field) => field.trim())
  for (const field of fields) {
    const known = available.some((name) => field === name || field.startsWith(`${name}.`))
    if (!known || field.split('.').some((part) => part === '')) {
      throw new UsageError(`unknown JSON field ${JSON.stringify(sanitizeLine(field))}; the fields are: ${available.join(', ')} (and dotted paths below them, such as other_user.name)`)
    }
  }

  return [...new Set(fields)]
}

/**
 * Only the named fields of an object, in the shape they have in it: `other_user.name` gives
 * `{"other_user": {"name": …}}`. A field the object does not have is null, so every object has
 * every field asked for. Numbers the service sent bare stay bare, every digit kept.
 */
export function selectFields(value: unknown, fields: readonly string[]): Record<string, unknown> {
  const selected: Record<string, unknown> = {}
  // `other_user` asked for whole makes `other_user.name` say nothing more.
  const wanted = fields.filter((field) => !fields.some((other) => field.startsWith(`${other}.`)))
  for (const field of wanted) {
    const parts = field.split('.')
    let source: unknown = value
    let target = selected
    for (const [index, part] of parts.entries()) {
      const holder = isRecord(source) ? source : undefined
      if (index === parts.length - 1) {
        if (holder && part in holder) copyField(holder, part, target, part)
        else target[part] ??= null
        break
      }

      if (!isRecord(target[part])) target[part] = {}
      target = target[part] as Record<string, unknown>
      source = holder?.[part]
    }
  }

  return selected
}

/** The --help paragraph of a command with `--json FIELDS`. */
export function jsonFieldsHelp(fields: readonly string[]): string {
  return (
    `JSON FIELDS: --json=FIELDS (or --json FIELDS) prints only these fields of each object: ${fields.join(', ')}, ` +
    'and dotted paths below them (e.g. other_user.name); an unknown field lists them. --json alone prints the whole objects. ' +
    '--jq EXPR filters the JSON with jq 1.8.2 (the whole output with --json, each object with --jsonl; strings print raw; ' +
    '$ENV is not your environment).'
  )
}
