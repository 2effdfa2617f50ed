import {chmod, mkdir, readFile, rm, stat} from 'node:fs/promises'
import {join} from 'node:path'
import {writeJsonAtomic} from '../../core/files.js'

/** What `auth login` stores. The token is the only secret; the file is 0600 in a 0700 directory. */
export interface StoredConfig {
  token?: string
  userId?: string
  name?: string
}

export function configPath(configDir: string): string {
  return join(configDir, 'config.json')
}

export async function readConfig(configDir: string): Promise<StoredConfig> {
  let text: string
  try {
    text = await readFile(configPath(configDir), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw error
  }

  const parsed: unknown = JSON.parse(text)
  return typeof parsed === 'object' && parsed !== null ? (parsed as StoredConfig) : {}
}

export async function writeConfig(configDir: string, config: StoredConfig): Promise<void> {
  await mkdir(configDir, {recursive: true, mode: 0o700})
  await chmod(configDir, 0o700)
  // A new 0600 file renamed over the old one: the token is never in a file others can read.
  await writeJsonAtomic(configPath(configDir), config, {mode: 0o600})
}

export async function removeConfig(configDir: string): Promise<boolean> {
  try {
    await rm(configPath(configDir))
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
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
