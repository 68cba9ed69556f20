/**
 * Returns an argv array as a person would type it in a POSIX shell: words with characters a
 * shell would treat specially are single-quoted (`npm test -- --grep 'a b'`).
 */
export function showCommand(argv: readonly string[]): string {
  return argv.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`)).join(' ');
}
