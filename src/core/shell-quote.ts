/** A word for a POSIX shell, in single quotes: for commands the user is told to run (`rm '<lock>'`). */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`
}
