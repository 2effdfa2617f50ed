/**
 * Writes the site's files, only those whose content changed, and stays inside the site's folder
 * (docs/viewer.md, "What is in DIR"). `groupme-site.json` lists every file a run wrote with its
 * sha256 and size: a file whose new content has the same hash (and is still there, a plain file
 * at its size) is left untouched, mtime included.
 *
 * What it never does:
 * - follow a link it did not make: every folder on the way to a file it writes or removes is
 *   checked to be a real folder (lstat), so a symlinked folder inside the site is refused (exit 2);
 * - remove a file it did not write: a file goes only when the manifest lists it AND it is still a
 *   plain file with the listed size and sha256; anything else is left where it is;
 * - take over a folder that is not its own: a folder with files and no manifest, or with a
 *   manifest that is not one of its own (unreadable, another application, a path outside the
 *   site's layout, a link in place of the manifest), is refused before anything is written.
 *
 * Every file is replaced by rename (a reader sees the old or the new, never half); the caller
 * writes the index last and `finish()` removes and records after it, so a run cut short leaves
 * the previous site readable.
 */
import {createHash} from 'node:crypto'
import {copyFile, link, lstat, mkdir, readdir, readFile, rename, rmdir, unlink} from 'node:fs/promises'
import {join} from 'node:path'
import {UsageError} from '../../../base/errors.js'
import {isMissing} from '../../../base/file-errors.js'
import {fileSha256, PRIVATE_FILE_MODE, temporaryPathFor, writeFileAtomic} from '../../../base/files.js'

export const MANIFEST = 'groupme-site.json'
const APPLICATION = 'groupme-archive-html'
const VERSION = 2

interface Entry {
  sha256: string
  bytes: number
}

export interface WriteCounts {
  written: number
  unchanged: number
  removed: number
  /** Files the last run listed that are no longer what it wrote (changed or replaced by someone): left alone. */
  kept: number
}

export class SiteWriter {
  readonly counts: WriteCounts = {written: 0, unchanged: 0, removed: 0, kept: 0}
  private readonly current = new Map<string, Entry>()
  /** Folders (relative) already checked to be real folders of the site, or made by this run. */
  private readonly folders = new Set<string>([''])
  private notes: Record<string, unknown> = {}

  private constructor(
    readonly dir: string,
    private readonly previous: Map<string, Entry>,
    /** What the last run recorded beside its files (site.ts: its chats), as it was read. */
    readonly previousNotes: Record<string, unknown>,
    /** The manifest's text as the last run left it: not rewritten when nothing changed. */
    private readonly previousManifest = '',
  ) {}

  /** The folder, checked: missing, empty, or a site this command wrote. */
  static async open(dir: string): Promise<SiteWriter> {
    let names: string[]
    try {
      names = await readdir(dir)
    } catch (error) {
      if (isMissing(error)) return new SiteWriter(dir, new Map(), {})
      if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') throw new UsageError(`${dir} is a file, not a folder; give a folder for --out`)
      throw error
    }

    if (!names.includes(MANIFEST)) {
      if (names.length === 0) return new SiteWriter(dir, new Map(), {})
      throw new UsageError(`${dir} holds other files and no ${MANIFEST}: give an empty or new folder for --out (or one this command wrote)`)
    }

    const path = join(dir, MANIFEST)
    if (!(await lstat(path)).isFile()) throw new UsageError(`${path} is not a file this command wrote; give another folder for --out`)
    const text = await readFile(path, 'utf8')
    const {files, notes} = readManifest(path, text)
    const writer = new SiteWriter(dir, files, notes, text)
    // A link anywhere on the way to a listed file: the folder is not as this command left it.
    for (const file of files.keys()) await writer.checkFolders(parentOf(file))
    return writer
  }

  /**
   * Mark a new folder as this command's at once (a manifest that lists nothing yet), so a first
   * run cut short leaves a folder the next run takes up instead of refusing.
   */
  async claimFolder(): Promise<void> {
    if (this.previousManifest !== '') return
    await writeFileAtomic(join(this.dir, MANIFEST), manifestText(new Map(), {}), {mode: PRIVATE_FILE_MODE})
  }

  /** Write one file of the site (a path relative to the folder, with `/`), unless it is unchanged. */
  async write(path: string, content: string): Promise<void> {
    const bytes = Buffer.from(content, 'utf8')
    const entry = {sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length}
    this.claim(path, entry)
    if (await this.unchanged(path, entry)) return
    await this.makeFolders(parentOf(path))
    // Not fsynced: the site can be written again from the archive, and an OS crash that leaves a
    // short file is caught by the size check of the next run (unchanged()).
    await writeFileAtomic(this.absolute(path), bytes, {mode: PRIVATE_FILE_MODE, durable: false})
    this.counts.written++
  }

  /**
   * Put a stored file into the site: a hard link to the archive's file where the file system
   * allows it (no copy, no extra space), else a copy. Named by its sha256, its bytes never change.
   */
  async placeMedia(path: string, source: string, sha256: string): Promise<boolean> {
    let size: number
    try {
      const found = await lstat(source)
      if (!found.isFile()) return false
      size = found.size
    } catch {
      return false
    }

    const entry = {sha256, bytes: size}
    this.claim(path, entry)
    if (await this.unchanged(path, entry)) return true
    await this.makeFolders(parentOf(path))
    const target = this.absolute(path)
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

  /**
   * Keep the files the last run wrote under `folder` as they are, if every one is still there as
   * it left it (a plain file at its size): a chat whose inputs did not change is not rendered
   * again. False (nothing kept) when one is missing or changed.
   */
  async keepIntact(folder: string): Promise<boolean> {
    const prefix = `${folder}/`
    const files = [...this.previous].filter(([path]) => path.startsWith(prefix))
    for (const [path, entry] of files) {
      await this.checkFolders(parentOf(path))
      const found = await lstat(this.absolute(path)).catch(() => undefined)
      if (!found?.isFile() || found.size !== entry.bytes) return false
    }

    for (const [path, entry] of files) this.claim(path, entry)
    this.counts.unchanged += files.length
    return files.length > 0
  }

  /** What to record beside the files, for the next run (replaces what was set before). */
  record(notes: Record<string, unknown>): void {
    this.notes = notes
  }

  /**
   * After the index: the files of the last run that this run did not write go, unless `keep`
   * says they still belong to the site (another chat's pages under `--chat`); then the manifest.
   */
  async finish(keep: (path: string) => boolean = () => false): Promise<void> {
    const emptied = new Set<string>()
    for (const [path, entry] of this.previous) {
      if (this.current.has(path)) continue
      if (keep(path)) {
        this.current.set(path, entry)
        continue
      }

      if (await this.removeOwn(path, entry)) {
        this.counts.removed++
        emptied.add(parentOf(path))
      } else {
        this.counts.kept++
      }
    }

    // Folders left empty (a chat no longer in the site); rmdir refuses any that still hold files.
    for (const folder of [...emptied].sort((a, b) => b.length - a.length)) {
      for (let at = folder; at !== ''; at = parentOf(at)) {
        if (!(await rmdir(this.absolute(at)).then(() => true, () => false))) break
      }
    }

    const manifest = manifestText(this.current, this.notes)
    if (manifest !== this.previousManifest) await writeFileAtomic(join(this.dir, MANIFEST), manifest, {mode: PRIVATE_FILE_MODE})
  }

  /** Remove a file only if it is still the plain file this command wrote (size and sha256). */
  private async removeOwn(path: string, entry: Entry): Promise<boolean> {
    await this.checkFolders(parentOf(path))
    const absolute = this.absolute(path)
    try {
      const found = await lstat(absolute)
      if (!found.isFile() || found.size !== entry.bytes || (await fileSha256(absolute)) !== entry.sha256) return false
      await unlink(absolute)
      return true
    } catch (error) {
      if (isMissing(error)) return false
      throw error
    }
  }

  private claim(path: string, entry: Entry): void {
    if (this.current.has(path)) throw new Error(`the site would write ${path} twice`)
    this.current.set(path, entry)
  }

  private async unchanged(path: string, entry: Entry): Promise<boolean> {
    const before = this.previous.get(path)
    if (!before || before.sha256 !== entry.sha256 || before.bytes !== entry.bytes) return false
    try {
      await this.checkFolders(parentOf(path))
      const found = await lstat(this.absolute(path))
      if (!found.isFile() || found.size !== entry.bytes) return false
    } catch (error) {
      if (error instanceof UsageError) throw error
      return false
    }

    this.counts.unchanged++
    return true
  }

  /** Every folder from the site's root down to `folder` exists and is a real folder, not a link. */
  private async checkFolders(folder: string): Promise<void> {
    await this.walkFolders(folder, false)
  }

  /** As checkFolders, making the missing ones. */
  private async makeFolders(folder: string): Promise<void> {
    await this.walkFolders(folder, true)
  }

  private async walkFolders(folder: string, make: boolean): Promise<void> {
    if (this.folders.has(folder)) return
    let at = ''
    for (const part of folder.split('/')) {
      at = at === '' ? part : `${at}/${part}`
      if (this.folders.has(at)) continue
      const absolute = this.absolute(at)
      try {
        const found = await lstat(absolute)
        if (found.isSymbolicLink()) throw new UsageError(`${absolute} is a link, which this command did not make; it never follows one. Remove the link, or give another folder for --out`)
        if (!found.isDirectory()) throw new UsageError(`${absolute} is not a folder this command made; remove it, or give another folder for --out`)
      } catch (error) {
        if (!isMissing(error)) throw error
        if (!make) return
        await mkdir(absolute)
      }

      this.folders.add(at)
    }
  }

  private absolute(path: string): string {
    if (!isSitePath(path)) throw new Error(`not a site path: ${path}`)
    return join(this.dir, ...path.split('/'))
  }
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/')
  return slash < 0 ? '' : path.slice(0, slash)
}

/** Paths are made by the site's own code (digits, `+`, hex, `-`): never `..`, never absolute. */
function isSitePath(path: string): boolean {
  return /^[\w+.-]+(\/[\w+.-]+)*$/.test(path) && !path.split('/').some((part) => part === '..' || part === '.')
}

function manifestText(entries: Map<string, Entry>, notes: Record<string, unknown>): string {
  const files = Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  return JSON.stringify({application: APPLICATION, version: VERSION, files, ...notes}, null, 1) + '\n'
}

/** The manifest of a site this command wrote (version 1 too: it had no notes); anything else is refused. */
function readManifest(path: string, text: string): {files: Map<string, Entry>; notes: Record<string, unknown>} {
  const refuse = (why: string) => new UsageError(`${path} ${why}: this folder is not a site this command wrote, so nothing in it is touched; give another folder for --out`)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw refuse(`cannot be read (${(error as Error).message})`)
  }

  const {application, version, files: listed, ...notes} = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>
  if (application !== APPLICATION || (version !== 1 && version !== VERSION) || typeof listed !== 'object' || listed === null || Array.isArray(listed)) {
    throw refuse('is not a groupme site manifest')
  }

  const files = new Map<string, Entry>()
  for (const [file, entry] of Object.entries(listed as Record<string, Partial<Entry> | null>)) {
    if (file === MANIFEST || !isSitePath(file)) throw refuse(`lists ${JSON.stringify(file).slice(0, 200)}, a path this command never writes`)
    if (typeof entry?.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(entry.sha256) || typeof entry.bytes !== 'number') throw refuse(`lists ${file} without its sha256 and size`)
    files.set(file, {sha256: entry.sha256, bytes: entry.bytes})
  }

  return {files, notes}
}
