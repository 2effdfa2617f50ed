import type {BrowserContext} from 'playwright-core'

export const CHROMIUM_PATH: string
export function chromiumAvailable(): boolean
export function launchChromium(viewport?: {width?: number; height?: number}): Promise<{context: BrowserContext; close(): Promise<void>}>
