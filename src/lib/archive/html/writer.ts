/**
 * Writes the site's files, only those whose content changed. `groupme-site.json` in the folder
 * lists every file the last run wrote with its sha256: a file whose new content has the same
 * hash (and is still there, at its size) is left untouched, mtime included; a file of the last
 * run that this run did not produce is removed. A folder that holds other files and no manifest
 * is refused, so the command never writes over something that is not its own.
 */
import {createHash} from 'node:crypto'
import {copyFile, link, mkdir, readdir, readFile, rename, rmdir, stat, unlink} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {UsageError} from '../../../base/errors.js'
import {isMissing} from '../../../base/file-errors.js'
import {PRIVATE_FILE_MODE, temporaryPathFor, writeFileAtomic} from '../../../base/files.js'

export const MANIFEST = 'groupme-site.json'
const APPLICATION = 'groupme-archive-html'
const VERSION = 1

interface Entry {
  sha256: string
  bytes: number
}

export interface WriteCounts {
  written: number
  unchanged: number
  removed: number
}

export class SiteWriter {
  readonly counts: WriteCounts = {written: 0, unchanged: 0, removed: 0}
  private readonly current = new Map<string, Entry>()

  private constructor(
    readonly dir: string,
    private readonly previous: Map<string, Entry>,
    /** The manifest's text as the last run left it: not rewritten when nothing changed. */
    private readonly previousManifest = '',
  ) {}

  /** The folder, checked: missing, empty, or a site this command wrote. */
  static async open(dir: string): Promise<SiteWriter> {
    let names: string[]
    try {
      names = await readdir(dir)
    } catch (error) {
      if (isMissing(error)) return new SiteWriter(dir, new Map())
      if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') throw new UsageError(`${dir} is a file, not a folder; give a folder for --out`)
      throw error
    }

    if (!names.includes(MANIFEST)) {
      if (names.length === 0) return new SiteWriter(dir, new Map())
      throw new UsageError(`${dir} holds other files and no ${MANIFEST}: give an empty or new folder for --out (or one this command wrote)`)
    }

    const text = await readFile(join(dir, MANIFEST), 'utf8').catch(() => '')
    return new SiteWriter(dir, readManifest(join(dir, MANIFEST), text), text)
  }

  /**
   * Mark a new folder as this command's at once (a manifest that lists nothing yet), so a first
   * run cut short leaves a folder the next run takes up instead of refusing.
   */
  async claimFolder(): Promise<void> {
    if (this.previousManifest !== '') return
    await writeFileAtomic(join(this.dir, MANIFEST), manifestText(new Map()), {mode: PRIVATE_FILE_MODE})
  }

  /** Write one file of the site (a path relative to the folder, with `/`), unless it is unchanged. */
  async write(path: string, content: string): Promise<void> {
    const bytes = Buffer.from(content, 'utf8')
    const entry = {sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length}
    this.claim(path, entry)
    if (await this.unchanged(path, entry)) return
    // Not fsynced: the site can be written again from the archive, and an OS crash that leaves a
    // short file is caught by the size check of the next run (unchanged()).
    await writeFileAtomic(this.absolute(path), bytes, {mode: PRIVATE_FILE_MODE, durable: false})
    this.counts.written++
  }

  /**
   * Put a stored image into the site: a hard link to the archive's file where the file system
   * allows it (no copy, no extra space), else a copy. Named by its sha256, its bytes never change.
   */
  async placeMedia(path: string, source: string, sha256: string): Promise<boolean> {
    let size: number
    try {
      size = (await stat(source)).size
    } catch {
      return false
    }

    const entry = {sha256, bytes: size}
    this.claim(path, entry)
    if (await this.unchanged(path, entry)) return true
    const target = this.absolute(path)
    await mkdir(dirname(target), {recursive: true})
    const temporary = temporaryPathFor(target)
    try {
      try {
        await link(source, temporary)
      } catch {
        await copyFile(source, temporary)
      }

      await rename(temporary, target)
    } catch (error) {
      await unlink(temporary).catch(() => {})
      throw error
    }

    this.counts.written++
    return true
  }

  /** Remove what the last run wrote and this one did not, then record this run's files. */
  async finish(): Promise<void> {
    const emptied = new Set<string>()
    for (const path of this.previous.keys()) {
      if (this.current.has(path)) continue
      await unlink(this.absolute(path)).catch((error: unknown) => {
        if (!isMissing(error)) throw error
      })
      this.counts.removed++
      emptied.add(dirname(path))
    }

    // Folders left empty (a chat no longer in the site); rmdir refuses any that still hold files.
    for (const folder of [...emptied].sort((a, b) => b.length - a.length)) {
      for (let at = folder; at !== '.' && at !== ''; at = dirname(at)) {
        if (!(await rmdir(this.absolute(at)).then(() => true, () => false))) break
      }
    }

    const manifest = manifestText(this.current)
    if (manifest !== this.previousManifest) await writeFileAtomic(join(this.dir, MANIFEST), manifest, {mode: PRIVATE_FILE_MODE})
  }

  private claim(path: string, entry: Entry): void {
    if (this.current.has(path)) throw new Error(`the site would write ${path} twice`)
    this.current.set(path, entry)
  }

  private async unchanged(path: string, entry: Entry): Promise<boolean> {
    const before = this.previous.get(path)
    if (!before || before.sha256 !== entry.sha256 || before.bytes !== entry.bytes) return false
    try {
      if ((await stat(this.absolute(path))).size !== entry.bytes) return false
    } catch {
      return false
    }

    this.counts.unchanged++
    return true
  }

  private absolute(path: string): string {
    if (!isSitePath(path)) throw new Error(`not a site path: ${path}`)
    return join(this.dir, ...path.split('/'))
  }
}

/** Paths are made by the site's own code (digits, `+`, hex): never `..`, never absolute. */
function isSitePath(path: string): boolean {
  return /^[\w+.-]+(\/[\w+.-]+)*$/.test(path) && !path.split('/').some((part) => part === '..' || part === '.')
}

function manifestText(entries: Map<string, Entry>): string {
  const files = Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  return JSON.stringify({application: APPLICATION, version: VERSION, files}, null, 2) + '\n'
}

function readManifest(path: string, text: string): Map<string, Entry> {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`${path} is not a manifest this command can read (${(error as Error).message}); give another folder for --out`)
  }

  const manifest = parsed as {application?: unknown; version?: unknown; files?: unknown}
  if (manifest?.application !== APPLICATION || typeof manifest.files !== 'object' || manifest.files === null) {
    throw new UsageError(`${path} is not a groupme site manifest; give another folder for --out`)
  }

  const files = new Map<string, Entry>()
  for (const [file, entry] of Object.entries(manifest.files as Record<string, Partial<Entry>>)) {
    // A path this command would not write (an edited manifest) is ignored, never removed.
    if (isSitePath(file) && typeof entry?.sha256 === 'string' && typeof entry.bytes === 'number') files.set(file, {sha256: entry.sha256, bytes: entry.bytes})
  }

  return files
}
