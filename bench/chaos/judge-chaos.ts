import { FINAL_STATUSES, TaskStatus } from '../../model/task-status.js';
import type { PlannedTask } from './chaos-plan.js';

/** How one task ended, as the API, Temporal and its repository tell it. */
export interface TaskOutcome {
  task: PlannedTask;
  id: string;
  /** `status` of GET /api/tasks/:id (the SQLite projection). */
  status: string;
  step: string;
  iterations: number;
  worktreeKept: boolean;
  /** The execution status of the workflow `task-<id>` (COMPLETED, FAILED …); undefined when Temporal could not tell. */
  temporalStatus: string | undefined;
  /** Commits on the project's default branch whose message carries `Ringmaster-Task: <id>`. */
  commitsOnMain: number;
  /** What the task's file holds on the default branch; undefined when it is not there. */
  fileOnMain: string | undefined;
}

/** What is left in one project's repository. */
export interface RepoLeftovers {
  project: string;
  /** Worktrees besides the main checkout. */
  worktrees: string[];
  /** Branches named `ringmaster/…`. */
  taskBranches: string[];
}

/** How `ringmaster up` stopped, and what of its process tree was still alive afterwards. */
export interface ShutdownOutcome {
  exit: number | string;
  /** `pid command` of every survivor. */
  survivors: string[];
}

/** Whether the system came back after a kill. */
export interface KillOutcome {
  target: string;
  pid: number;
  backMs: number | null;
}

/** The names of the checks, in the order they are reported. */
export const CHECK_NAMES = ['final', 'merged-once', 'no-orphans', 'projection-agrees', 'ended-as-scripted', 'recovered'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/** One verdict line: passed, or the problems found. */
export interface Check {
  name: CheckName;
  ok: boolean;
  problems: string[];
}

/** All checks; `ok` only when every one passed. */
export interface ChaosVerdict {
  ok: boolean;
  checks: Check[];
}

const isFinal = (status: string): boolean => FINAL_STATUSES.includes(status as TaskStatus);

/** The Temporal execution status a task's final status must have (the workflow ends the way the task did). Pure. */
export function expectedExecutionStatus(status: string): string {
  if (status === TaskStatus.completed) return 'COMPLETED';
  if (status === TaskStatus.failed || status === TaskStatus.conflict) return 'FAILED';
  if (status === TaskStatus.cancelled) return 'CANCELLED';
  return 'RUNNING';
}

const name = (o: TaskOutcome) => `${o.task.key} (${o.id}, ${o.task.kind})`;

function mergedOnce(o: TaskOutcome): string | undefined {
  if (o.status !== TaskStatus.completed) return o.commitsOnMain === 0 ? undefined : `${name(o)} is ${o.status} but ${o.commitsOnMain} commit(s) of it are on the default branch`;
  if (o.commitsOnMain !== 1) return `${name(o)} is completed with ${o.commitsOnMain} commits on the default branch (want exactly 1)`;
  if (o.fileOnMain !== o.task.content) return `${name(o)} is completed but ${o.task.file} on the default branch is ${JSON.stringify(o.fileOnMain ?? null)}, want ${JSON.stringify(o.task.content)}`;
  return undefined;
}

function orphans(tasks: TaskOutcome[], repos: RepoLeftovers[], shutdown: ShutdownOutcome): string[] {
  const problems: string[] = [];
  for (const repo of repos) {
    const kept = tasks.filter((o) => o.task.project === repo.project && o.worktreeKept && o.status !== TaskStatus.completed);
    // A task that failed legitimately keeps its worktree and branch: they hold its unmerged work.
    const keptIds = new Set(kept.map((o) => o.id));
    const extra = repo.worktrees.filter((dir) => !keptIds.has(dir.slice(dir.lastIndexOf('/') + 1)));
    if (extra.length) problems.push(`${repo.project}: worktree(s) left: ${extra.join(', ')}`);
    const strays = repo.taskBranches.filter((branch) => !keptIds.has(branch.slice('ringmaster/'.length)));
    if (strays.length) problems.push(`${repo.project}: branch(es) left: ${strays.join(', ')}`);
  }
  if (shutdown.exit !== 0) problems.push(`ringmaster up exited with ${shutdown.exit} on SIGTERM (want 0)`);
  if (shutdown.survivors.length) problems.push(`process(es) left after ringmaster up stopped: ${shutdown.survivors.join('; ')}`);
  return problems;
}

/**
 * Judges a chaos run: every task final; each completed one merged exactly once with its file,
 * nothing of another on the default branch; no worktree, branch or process left but a failed
 * task's kept worktree; SQLite and Temporal agree; every task ended as its script dictates, in
 * as many iterations; the system came back after every kill. Pure.
 */
export function judgeChaos(input: { tasks: TaskOutcome[]; repos: RepoLeftovers[]; shutdown: ShutdownOutcome; kills: KillOutcome[] }): ChaosVerdict {
  const { tasks, repos, shutdown, kills } = input;
  const problems: Record<CheckName, string[]> = {
    final: tasks.filter((o) => !isFinal(o.status)).map((o) => `${name(o)} is stuck at ${o.status}: ${o.step}`),
    'merged-once': tasks.flatMap((o) => mergedOnce(o) ?? []),
    'no-orphans': orphans(tasks, repos, shutdown),
    'projection-agrees': tasks
      .filter((o) => o.temporalStatus !== expectedExecutionStatus(o.status))
      .map((o) => `${name(o)} is ${o.status} in the API but its workflow is ${o.temporalStatus ?? 'unreadable'} (want ${expectedExecutionStatus(o.status)})`),
    'ended-as-scripted': tasks
      .filter((o) => o.status !== o.task.expected || o.iterations !== o.task.iterations)
      .map((o) => `${name(o)} ended ${o.status} after ${o.iterations} iteration(s) (want ${o.task.expected} after ${o.task.iterations}): ${o.step}`),
    recovered: kills.filter((k) => k.backMs === null).map((k) => `after SIGKILL of ${k.target} (pid ${k.pid}) the system did not come back`),
  };
  const checks = CHECK_NAMES.map((check) => ({ name: check, ok: problems[check].length === 0, problems: problems[check] }));
  return { ok: checks.every((c) => c.ok), checks };
}
