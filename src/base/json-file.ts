import {readFile, stat} from 'node:fs/promises'
import {FileError, fileFailure, isMissing} from './file-errors.js'

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Parse text as JSON; text that is not JSON gives `{ok: false}`. */
export function parseJson(text: string): {ok: true; value: unknown} | {ok: false} {
  try {
    return {ok: true, value: JSON.parse(text)}
  } catch {
    return {ok: false}
  }
}

/** State files are a few hundred bytes; anything this large is not one (and is not read whole). */
const MAX_STATE_FILE_BYTES = 1024 * 1024

export interface JsonFileOptions {
  /** What to do about a file that is not one, e.g. `remove it to start again`. */
  remedy: string
}

/**
 * The one reader for the tool's own JSON files (config, tail and watch state, the list of images to
 * retry, an earlier dm export's checkpoint): undefined when the file does not exist; otherwise the
 * value `validate` accepts. Everything else is one
 * FileError that names the file and says what to do: a directory or device in its place, a file
 * too large to be one, text that is not JSON (a file cut short), or JSON of another shape.
 */
export async function readJsonFile<T>(
  path: string,
  validate: (value: unknown) => T | undefined,
  what: string,
  options: JsonFileOptions,
): Promise<T | undefined> {
  let text: string
  try {
    // Looked at first: opening a FIFO would block, and a huge file must not be read whole.
    const info = await stat(path)
    if (!info.isFile()) return refuse(`${path} is not a ${what} but ${kindOf(info)}; ${options.remedy}`)
    if (info.size > MAX_STATE_FILE_BYTES) return refuse(`${path} is not a ${what}: it holds ${info.size} bytes; ${options.remedy}`)
    text = await readFile(path, 'utf8')
  } catch (error) {
    if (isMissing(error)) return undefined
    throw fileFailure(error, {path, action: 'read'}) ?? error
  }

  const parsed = parseJson(text)
  if (!parsed.ok) throw new FileError(`${path} is not a ${what}: it is not valid JSON (cut short?); ${options.remedy}`)
  const value = validate(parsed.value)
  if (value === undefined) throw new FileError(`${path} is not a ${what} this version understands; ${options.remedy}`)
  return value
}

function refuse(message: string): never {
  throw new FileError(message)
}

/** How to name a file system object that is not a regular file. */
export function kindOf(info: {isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean}): string {
  if (info.isDirectory()) return 'a directory'
  if (info.isFIFO()) return 'a named pipe'
  if (info.isSocket()) return 'a socket'
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device'
  return 'not a regular file'
}
