import type { HistoryCommit } from './parse-git-log.js';

/**
 * The history of a commit (newest first, at most `max`) from the commits git listed for
 * `base..commit` (`added`, newest first) and the base's own history: the added commits, then
 * those of the base's history still reachable from them (followed through parent links), in the
 * base history's order. Works whether the base is an ancestor of the commit, a descendant or on
 * another branch. Returns undefined when the base's history does not reach back to where the two
 * meet (the commit's history must then be read afresh). Pure.
 */
export function mergeHistory(commit: string, added: readonly HistoryCommit[], baseHistory: readonly HistoryCommit[], max: number): HistoryCommit[] | undefined {
  if (added.length >= max) return added.slice(0, max);
  const addedShas = new Set(added.map((entry) => entry.sha));
  const frontier = added.length === 0 ? [commit] : added.flatMap((entry) => entry.parents.filter((parent) => !addedShas.has(parent)));
  // The added commits reach the root: there is nothing older.
  if (frontier.length === 0) return [...added];
  const bySha = new Map(baseHistory.map((entry) => [entry.sha, entry]));
  const reachable = new Set<string>();
  while (frontier.length > 0) {
    const sha = frontier.pop()!;
    const entry = bySha.get(sha);
    if (entry === undefined || reachable.has(sha)) continue;
    reachable.add(sha);
    frontier.push(...entry.parents);
  }
  if (reachable.size === 0) return undefined;
  const merged = [...added];
  for (const entry of baseHistory) {
    if (merged.length >= max) break;
    if (reachable.has(entry.sha)) merged.push(entry);
  }
  return merged;
}
