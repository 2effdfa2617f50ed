/** A size in messages: `20.0 MiB`, or `16 MiB` with no decimals. */
export function mebibytes(bytes: number, decimals = 1): string {
  return `${(bytes / 1024 / 1024).toFixed(decimals)} MiB`
}
