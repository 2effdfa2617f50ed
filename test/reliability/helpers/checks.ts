/**
 * Checks shared by the reliability suites. Each returns a list of problems (empty when all is
 * well) instead of throwing, so one run can be judged on several counts and summarised.
 */
import type {CliResult} from '../../helpers/run-in-process.js'

/** Bytes a terminal would act on: C0 (but tab and newline), DEL, C1, and the BiDi overrides and isolates. */
export const UNSAFE_CHARACTERS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/u

export type OutputMode = 'plain' | 'json' | 'jsonl'

export function modeFlags(mode: OutputMode): string[] {
  return mode === 'plain' ? [] : [`--${mode}`]
}

export function nonEmptyLines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '')
}

export function show(text: string, max = 160): string {
  const flat = JSON.stringify(text)
  return flat.length > max ? `${flat.slice(0, max)}…` : flat
}

/** stdout in `mode`: with --json it is empty or one JSON value; with --jsonl every line parses. */
export function parseStdout(stdout: string, mode: OutputMode): {problems: string[]; values: unknown[]} {
  const problems: string[] = []
  const values: unknown[] = []
  if (mode === 'json') {
    if (stdout.trim() === '') return {problems, values}
    try {
      const value: unknown = JSON.parse(stdout)
      values.push(...(Array.isArray(value) ? value : [value]))
    } catch {
      problems.push(`--json stdout does not parse: ${show(stdout)}`)
    }
  } else if (mode === 'jsonl') {
    if (stdout !== '' && !stdout.endsWith('\n')) problems.push(`--jsonl stdout ends in a cut-off line: ${show(stdout.slice(-80))}`)
    for (const line of nonEmptyLines(stdout)) {
      try {
        values.push(JSON.parse(line))
      } catch {
        problems.push(`--jsonl line does not parse: ${show(line)}`)
      }
    }
  } else {
    if (stdout !== '' && !stdout.endsWith('\n')) problems.push(`plain stdout ends in a cut-off line: ${show(stdout.slice(-80))}`)
    values.push(...nonEmptyLines(stdout))
  }

  return {problems, values}
}

export interface ExpectedError {
  exit: number
  /** The `code` of the --json error object. */
  code: string
  /** The HTTP status in the --json error object; null when no answer came. */
  status: number | null
  /** What the message must say, e.g. the status or "timed out". */
  message: RegExp
}

/**
 * A failure: the documented exit code, and one clear line on stderr: `Error: …` in plain modes,
 * `{"error": {status, code, message}}` with --json (and stdout empty). `otherLines` allows
 * notes before the error (an export's progress line).
 */
export function failureProblems(result: CliResult, mode: OutputMode, expected: ExpectedError, options: {otherLines?: boolean} = {}): string[] {
  const problems: string[] = []
  if (result.code !== expected.exit) problems.push(`exit ${result.code}, expected ${expected.exit}`)
  const lines = nonEmptyLines(result.stderr)
  if (lines.length === 0) return [...problems, 'stderr is empty']
  if (!options.otherLines && lines.length !== 1) problems.push(`stderr has ${lines.length} lines, expected 1: ${show(result.stderr, 400)}`)
  if (lines.some((line) => /^\s+at /.test(line))) problems.push('stderr holds a stack trace')
  if (UNSAFE_CHARACTERS.test(result.stderr)) problems.push(`stderr holds control characters: ${show(result.stderr)}`)
  const last = lines[lines.length - 1]
  if (mode === 'json') {
    if (result.stdout !== '') problems.push(`--json failure left stdout non-empty: ${show(result.stdout)}`)
    let error: {status?: unknown; code?: unknown; message?: unknown} | undefined
    try {
      error = (JSON.parse(last) as {error?: typeof error}).error
    } catch {
      problems.push(`--json error is not one JSON object: ${show(last)}`)
    }

    if (error) {
      if (error.code !== expected.code) problems.push(`error.code ${JSON.stringify(error.code)}, expected ${expected.code}`)
      if (error.status !== expected.status) problems.push(`error.status ${JSON.stringify(error.status)}, expected ${expected.status}`)
      if (typeof error.message !== 'string' || !expected.message.test(error.message)) {
        problems.push(`error.message ${show(String(error.message))} does not match ${expected.message}`)
      }
    } else if (!problems.some((problem) => problem.startsWith('--json error'))) {
      problems.push(`--json stderr has no {"error": …} object: ${show(last)}`)
    }
  } else {
    const errorLines = lines.filter((line) => line.startsWith('Error: '))
    if (errorLines.length !== 1) problems.push(`${errorLines.length} "Error: " lines on stderr, expected 1: ${show(result.stderr, 400)}`)
    if (!last.startsWith('Error: ')) problems.push(`the last stderr line does not start with "Error: ": ${show(last)}`)
    else if (!expected.message.test(last)) problems.push(`the error ${show(last)} does not match ${expected.message}`)
  }

  return problems
}

/** A success: exit 0, and no error on stderr. */
export function successProblems(result: CliResult): string[] {
  const problems: string[] = []
  if (result.code !== 0) problems.push(`exit ${result.code}, expected 0; stderr: ${show(result.stderr, 300)}`)
  if (/^Error: |"error":/m.test(result.stderr)) problems.push(`an error on stderr after a success: ${show(result.stderr)}`)
  return problems
}

/** The token appears nowhere in what the CLI printed. */
export function tokenProblems(result: CliResult, token: string, what = 'run'): string[] {
  const problems: string[] = []
  if (result.stdout.includes(token)) problems.push(`the token is in the ${what}'s stdout`)
  if (result.stderr.includes(token)) problems.push(`the token is in the ${what}'s stderr`)
  return problems
}

export function duplicates(values: string[]): string[] {
  const seen = new Set<string>()
  const repeated = new Set<string>()
  for (const value of values) {
    if (seen.has(value)) repeated.add(value)
    seen.add(value)
  }

  return [...repeated]
}

export function sameSet(actual: string[], expected: string[]): string[] {
  const problems: string[] = []
  const want = new Set(expected)
  const got = new Set(actual)
  const missing = expected.filter((value) => !got.has(value))
  const extra = actual.filter((value) => !want.has(value))
  if (missing.length > 0) problems.push(`${missing.length} missing (e.g. ${missing.slice(0, 3).join(', ')})`)
  if (extra.length > 0) problems.push(`${extra.length} unexpected (e.g. ${extra.slice(0, 3).join(', ')})`)
  const repeated = duplicates(actual)
  if (repeated.length > 0) problems.push(`${repeated.length} duplicated (e.g. ${repeated.slice(0, 3).join(', ')})`)
  return problems
}
