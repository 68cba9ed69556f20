import { isFinalStatus, TaskStatus } from './task-status.js';

/** What the statistics need of one task. */
export interface TaskFacts {
  project: string;
  agent: string;
  /** The model of its last iteration that named one; `unknown` when none did. */
  model: string;
  status: TaskStatus;
  iterations: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  /** From filing to its final status; null while it has not ended. */
  durationSeconds: number | null;
}

/** Figures of a set of tasks. */
export interface TaskStats {
  tasks: number;
  /** Tasks in a final status. */
  ended: number;
  completed: number;
  /** completed / ended; null when none ended. */
  successRate: number | null;
  /** Mean iterations of the ended tasks; null when none ended. */
  meanIterations: number | null;
  /** Percentiles of the ended tasks' durations, in seconds; null when none ended. */
  durationSeconds: { p50: number | null; p95: number | null };
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

/** How statistics can be grouped. */
export const STATS_GROUPS = ['project', 'agent', 'model'] as const;
export type StatsGroup = (typeof STATS_GROUPS)[number];

/** The value below which `p` of the sorted values lie (nearest rank); null for no values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** The figures of `tasks`. */
export function summarizeTasks(tasks: readonly TaskFacts[]): TaskStats {
  const ended = tasks.filter((t) => isFinalStatus(t.status));
  const completed = ended.filter((t) => t.status === TaskStatus.completed).length;
  const durations = ended.flatMap((t) => (t.durationSeconds === null ? [] : [t.durationSeconds])).sort((a, b) => a - b);
  const sum = (pick: (t: TaskFacts) => number, of: readonly TaskFacts[] = tasks) => of.reduce((total, t) => total + pick(t), 0);
  return {
    tasks: tasks.length,
    ended: ended.length,
    completed,
    successRate: ended.length ? completed / ended.length : null,
    meanIterations: ended.length ? sum((t) => t.iterations, ended) / ended.length : null,
    durationSeconds: { p50: percentile(durations, 50), p95: percentile(durations, 95) },
    tokensIn: sum((t) => t.tokensIn),
    tokensOut: sum((t) => t.tokensOut),
    costUsd: sum((t) => t.costUsd),
  };
}

/** The figures of `tasks` for each value of `by`, the group with the most tasks first (then by name). */
export function summarizeTasksBy<G extends StatsGroup>(tasks: readonly TaskFacts[], by: G): (Record<G, string> & TaskStats)[] {
  const groups = new Map<string, TaskFacts[]>();
  for (const task of tasks) groups.set(task[by], [...(groups.get(task[by]) ?? []), task]);
  return [...groups.entries()].map(([name, of]) => ({ ...summarizeTasks(of), [by]: name }) as Record<G, string> & TaskStats).sort((a, b) => b.tasks - a.tasks || a[by].localeCompare(b[by]));
}
