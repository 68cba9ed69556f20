/** Most names a file's `uses` list keeps. */
export const MAX_USES = 3000;

/**
 * The distinct names worth linking on, sorted: first-seen order decides which survive the cap,
 * and one-character names, keywords and the file's own definitions are left out.
 */
export function selectUses(names: Iterable<string>, defined: ReadonlySet<string>, keywords: ReadonlySet<string>, cap: number = MAX_USES): string[] {
  const kept = new Set<string>();
  for (const name of names) {
    if (kept.size >= cap) break;
    if (name.length < 2 || defined.has(name) || keywords.has(name)) continue;
    kept.add(name);
  }
  // The default sort compares UTF-16 code units: the same on every machine, whatever its locale.
  return [...kept].sort();
}
