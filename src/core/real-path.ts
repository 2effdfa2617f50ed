import {lstat, readlink, realpath} from 'node:fs/promises'
import {basename, dirname, join, resolve} from 'node:path'
import {FileError, fileFailure, isMissing} from '../base/file-errors.js'

/** As many links as Linux follows before ELOOP. */
const MAX_LINKS = 40

/**
 * The file a path names, absolute, with every symbolic link followed (in the directories and in
 * the name itself), also when the file or the link's target does not exist yet: `link.jsonl` and
 * the `race.jsonl` it points to give one answer, so that they share one lock and one record in the archive.
 */
export async function realTarget(path: string): Promise<string> {
  try {
    return await follow(resolve(path), 0)
  } catch (error) {
    throw fileFailure(error, {path, action: 'follow the path'}) ?? error
  }
}

async function follow(path: string, links: number): Promise<string> {
  if (links > MAX_LINKS) throw new FileError(`cannot follow the path ${path}: too many symbolic links`)
  const parent = dirname(path)
  if (parent === path) return path // the root
  let isLink: boolean
  try {
    isLink = (await lstat(path)).isSymbolicLink()
  } catch (error) {
    if (!isMissing(error)) throw error
    // Not there yet: the directory holding it may still be (or hold) a link.
    return join(await follow(parent, links), basename(path))
  }

  if (isLink) return follow(resolve(parent, await readlink(path)), links + 1)
  return realpath(path)
}
