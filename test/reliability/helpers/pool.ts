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

/** Two CPUs shared with other work: a few CLI processes at a time, since most of the time is spent waiting on backoff. */
export const CONCURRENCY = Number(process.env.RELIABILITY_CONCURRENCY ?? 8)
