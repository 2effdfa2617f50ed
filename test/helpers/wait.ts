export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Check `condition` every `intervalMs` until it holds; past `timeoutMs`, throw. */
export async function waitFor(condition: () => boolean, timeoutMs = 20_000, intervalMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await pause(intervalMs)
  }
}
