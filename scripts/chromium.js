// Debian's Chromium driven by playwright-core, for the viewer's browser tests, `npm run screenshot`
// and bench H2 (`npx playwright install` cannot download a browser here; .ci/run installs chromium).
import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

export const CHROMIUM_PATH = process.env.GROUPME_CHROMIUM || '/usr/bin/chromium'

/** Quiet, offline, with nothing of a profile: no sandbox (root in a container), no GPU, no background traffic. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Whether Chromium is there; in CI it must be (.ci/run installs it), so a missing one is not a reason to skip. */
export function chromiumAvailable() {
  return existsSync(CHROMIUM_PATH)
}

/**
 * A persistent context on an empty user-data folder: `close()` ends the browser and removes the folder.
 * @param {{width?: number, height?: number}} viewport
 */
export async function launchChromium(viewport = {width: 1280, height: 900}) {
  const {chromium} = await import('playwright-core')
  const profile = mkdtempSync(join(tmpdir(), 'groupme-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, viewport})
  return {
    context,
    async close() {
      await context.close()
      rmSync(profile, {recursive: true, force: true})
    },
  }
}
