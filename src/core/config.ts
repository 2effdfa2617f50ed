import {mkdir, rm, stat} from 'node:fs/promises'
import {join} from 'node:path'
import {FileError, fileFailure, isMissing} from '../base/file-errors.js'
import {PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, removeStaleTemporaries, writeJsonAtomic} from '../base/files.js'
import {isRecord, readJsonFile} from '../base/json-file.js'

/** What `auth login` stores. The token is the only secret; the file is 0600, in a directory only its owner may write to. */
export interface StoredConfig {
  token?: string
  userId?: string
  name?: string
}

export function configPath(configDir: string): string {
  return join(configDir, 'config.json')
}

export async function readConfig(configDir: string): Promise<StoredConfig> {
  const file = configPath(configDir)
  return (await readJsonFile(file, toStoredConfig, 'groupme config file', {remedy: `remove it and run \`groupme auth login\` again`})) ?? {}
}

function toStoredConfig(value: unknown): StoredConfig | undefined {
  if (!isRecord(value)) return undefined
  const config: StoredConfig = {}
  for (const field of ['token', 'userId', 'name'] as const) {
    const entry = value[field]
    if (entry === undefined) continue
    if (typeof entry !== 'string') return undefined
    config[field] = entry
  }

  return config
}

/**
 * Save the config: a new 0600 file renamed over the old one, so the token is never in a file
 * others can read. A missing directory is created 0700. An existing one is never chmod'ed (it may
 * be shared, like /tmp); one that others may write to is refused, since they could replace the file.
 */
export async function writeConfig(configDir: string, config: StoredConfig): Promise<void> {
  await ensurePrivateDirectory(configDir)
  const file = configPath(configDir)
  await removeStaleTemporaries(file)
  await writeJsonAtomic(file, config, {mode: PRIVATE_FILE_MODE})
}

async function ensurePrivateDirectory(directory: string): Promise<void> {
  let mode: number
  try {
    const info = await stat(directory)
    if (!info.isDirectory()) throw new FileError(`the config directory ${directory} is not a directory; set GROUPME_CONFIG_DIR to another path`)
    mode = info.mode
  } catch (error) {
    if (!isMissing(error)) throw fileFailure(error) ?? error
    await mkdir(directory, {recursive: true, mode: PRIVATE_DIR_MODE})
    return
  }

  if ((mode & 0o022) !== 0) {
    throw new FileError(
      `the config directory ${directory} may be written by other users (mode ${(mode & 0o7777).toString(8)}), who could replace the token file; ` +
        'set GROUPME_CONFIG_DIR to a directory of your own (it is created 0700)',
    )
  }
}

export async function removeConfig(configDir: string): Promise<boolean> {
  try {
    await rm(configPath(configDir))
    return true
  } catch (error) {
    if (isMissing(error)) return false
    throw fileFailure(error) ?? error
  }
}

/** A warning when group or others may read the config file, else undefined. */
export async function configPermissionWarning(configDir: string): Promise<string | undefined> {
  const file = configPath(configDir)
  try {
    const {mode} = await stat(file)
    if ((mode & 0o077) === 0) return undefined
  } catch {
    return undefined
  }

  return `${file} is readable by other users; fix it with: chmod 600 '${file}'`
}
