/** What stands for a secret value in logs and summaries. */
export const REDACTED = '[secret]';
// Shorter values would blank out ordinary words of the output; a secret is never that short.
const MIN_REDACTED_LENGTH = 4;

/**
 * Returns a function that replaces every secret value in a line (as written, and as it appears
 * inside a JSON string) with `[secret]`. Pure; with no values it returns lines unchanged.
 */
export function createRedactor(values: readonly string[]): (line: string) => string {
  const forms = new Set<string>();
  for (const value of values) {
    if (value.length < MIN_REDACTED_LENGTH) continue;
    forms.add(value);
    forms.add(JSON.stringify(value).slice(1, -1));
  }
  // Longest first, so that a value containing another is replaced whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (line) => line;
  return (line) => ordered.reduce((text, form) => (text.includes(form) ? text.replaceAll(form, REDACTED) : text), line);
}
