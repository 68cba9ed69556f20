import type { HistoryCommit } from './parse-git-log.js';

/**
 * The history of a commit (newest first, at most `max`) from the commits git listed for
 * `base..commit` (`added`, newest first) and the base's own history: the added commits, then
 * those of the base's history still reachable from them (followed through parent links), in the
 * base history's order. Works whether the base is an ancestor of the commit, a descendant or on
 * another branch. Returns undefined when the base's history does not reach back to where the two
 * meet, or when the base's window was full and the commit sees less of it than a fresh read would
 * (a commit behind the base): the commit's history must then be read afresh. Pure.
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
  if (merged.length < max && baseHistory.length >= max) return undefined;
  return merged;
}

/**
 * A history in one order, newest committer time first, git's order kept among equal times (so a
 * commit stays before its parents): git's own order depends on where its walk started, so a
 * history merged from a cached commit's and one read afresh would otherwise differ in order
 * (which recency and tie-breaks read). Returns a new array. Pure.
 */
export function inHistoryOrder(history: readonly HistoryCommit[]): HistoryCommit[] {
  return [...history].sort((a, b) => b.time - a.time);
}
