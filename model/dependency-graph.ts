/**
 * Returns a cycle the edges `from → to[]` would close when `taskId` also waits for `adding`, as
 * the list of task ids from `taskId` back to itself, or null when there is none.
 */
export function findCycle(edges: readonly { taskId: string; dependsOn: string }[], taskId: string, adding: readonly string[]): string[] | null {
  const next = new Map<string, string[]>();
  for (const { taskId: from, dependsOn } of edges) next.set(from, [...(next.get(from) ?? []), dependsOn]);
  next.set(taskId, [...(next.get(taskId) ?? []), ...adding]);
  // Depth-first from each new edge: a path back to taskId is a cycle.
  const seen = new Set<string>();
  const walk = (node: string, path: string[]): string[] | null => {
    if (node === taskId) return [...path, node];
    if (seen.has(node)) return null;
    seen.add(node);
    for (const to of next.get(node) ?? []) {
      const found = walk(to, [...path, node]);
      if (found) return found;
    }
    return null;
  };
  for (const start of adding) {
    const found = walk(start, [taskId]);
    if (found) return found;
  }
  return null;
}
