/** Longest signature kept; longer ones end in `…`. */
export const MAX_SIGNATURE_CHARS = 200;

/**
 * A declaration's text as one line: whitespace runs collapsed, a trailing body opener
 * (`{`, Python's `:`) and `;` dropped, capped at {@link MAX_SIGNATURE_CHARS} with `…`.
 */
export function formatSignature(declaration: string): string {
  // Only a bounded prefix is collapsed, so a huge literal costs nothing; a cut prefix ends in `…`.
  const cut = declaration.length > MAX_SIGNATURE_CHARS * 4;
  const line = declaration
    .slice(0, MAX_SIGNATURE_CHARS * 4)
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/\s*[{:;]$/u, '');
  if (line.length <= MAX_SIGNATURE_CHARS && !cut) return line;
  return `${line.slice(0, MAX_SIGNATURE_CHARS - 1).trimEnd()}…`;
}

/**
 * A variable's signature: the declaration up to its value, then the value's first line (with
 * `…` when the value goes on), so a large literal does not fill the map.
 */
export function formatVariableSignature(head: string, value: string): string {
  const newline = value.indexOf('\n');
  const firstLine = newline === -1 ? value : `${value.slice(0, newline).trimEnd()} …`;
  return formatSignature(`${head}${firstLine}`);
}
