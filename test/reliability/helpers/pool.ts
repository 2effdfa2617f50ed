/** Run tasks with at most `limit` of them in flight; results come back in the order given. */
export async function inPool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results = new Array<T>(tasks.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++
      results[index] = await tasks[index]()
    }
  }

  await Promise.all(Array.from({length: Math.min(limit, tasks.length)}, worker))
  return results
}

/**
 * The cells run in this process (test/helpers/run-in-process.ts) and spend most of their time
 * waiting on a slow answer or a --timeout, so many at once cost little CPU.
 */
export const CONCURRENCY = Number(process.env.RELIABILITY_CONCURRENCY ?? 16)
