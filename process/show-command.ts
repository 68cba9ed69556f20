/**
 * Returns an argv array as a person would type it in a POSIX shell: words with characters a
 * shell would treat specially are single-quoted (`npm test -- --grep 'a b'`).
 */
export function showCommand(argv: readonly string[]): string {
  return argv.map(shellWord).join(' ');
}

/** One word as a POSIX shell reads it back: single-quoted when it holds anything special. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
