/** Task priorities, P0 (most urgent) to P4. */
export const PRIORITIES = ['P0', 'P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const DEFAULT_PRIORITY: Priority = 'P2';

/** Temporal's task-queue priority of a task priority: P0 → 1 (served first) … P4 → 5. */
export function priorityKey(priority: Priority): number {
  return PRIORITIES.indexOf(priority) + 1;
}

/** The more urgent of priorities (P0 beats P4); `undefined` entries are ignored. */
export function mostUrgent(own: Priority, ...others: (Priority | undefined)[]): Priority {
  return others.reduce<Priority>((best, p) => (p !== undefined && PRIORITIES.indexOf(p) < PRIORITIES.indexOf(best) ? p : best), own);
}
