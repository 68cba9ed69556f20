import { isTaskId } from './ids.js';
import type { ReloadStatus, ReloadTrigger } from './reload.js';

/** A task's branch waiting in its project's merge queue. */
export interface Candidate {
  taskId: string;
  taskWorkflowId: string;
  branch: string;
  /** The branch tip the task's tests passed on. */
  headCommit: string;
  title: string;
  /** What the task's own test gate passed on, when it ran the tests (absent for a branch submitted by hand). */
  passedTests?: PassedTests;
}

/**
 * The exact conditions a test run passed under: the content of the checkout (as `workingTreeId`
 * names it), the command, and the digest of the copied ignored files. A checkout with the same
 * three has nothing new to test.
 */
export interface PassedTests {
  tree: string;
  command: string[];
  copiedFilesDigest: string;
  /** The task iteration whose gate ran them, for messages. */
  iteration: number;
}

/** Whether tests that passed as `passed` already tested a checkout with `now`'s content, command and copied files. */
export function testsAlreadyPassed(passed: PassedTests | undefined, now: Omit<PassedTests, 'iteration'>): boolean {
  if (!passed) return false;
  return passed.tree === now.tree && passed.copiedFilesDigest === now.copiedFilesDigest && passed.command.length === now.command.length && passed.command.every((word, i) => word === now.command[i]);
}

/** How the merge queue dealt with a candidate. */
export const MergeOutcome = {
  /** On the default branch (and handed to the hot reload). */
  merged: 'merged',
  /** Does not merge cleanly onto the current default branch. */
  conflict: 'conflict',
  /** Merges, but the project's tests fail on the merged result. */
  testsFailed: 'tests_failed',
  /** The queue could not process it (e.g. the repository is unusable). */
  failed: 'failed',
} as const;
export type MergeOutcome = (typeof MergeOutcome)[keyof typeof MergeOutcome];

/** The verdict the merge queue sends back to the task. */
export interface MergeVerdict {
  outcome: MergeOutcome;
  /** The default branch tip after the merge. */
  commit?: string;
  conflictFiles?: string[];
  /** Test command and the tail of its output, for tests_failed. */
  tests?: { command: string; output: string };
  /** True when the merged content is exactly what the task's tests passed on, so they were not run again. */
  testsReused?: boolean;
  /** The hot reload that followed a merge. */
  reload?: { reloadId: string; status: ReloadStatus; error: string | null; revertCommit: string | null };
  error?: string;
}

/**
 * The trace an item was submitted in, as W3C trace-context headers (`traceparent`, `tracestate`):
 * the queue merges and releases it inside that trace. Absent while tracing is off.
 */
export type TraceCarrier = Record<string, string>;

/** What a project's queue serialises: merging a task's branch, or releasing a commit (by hand, or seen by the watcher). */
export type QueueItem = ({ kind: 'merge'; candidate: Candidate } | { kind: 'reload'; toCommit: string; trigger: ReloadTrigger; previousTip?: string }) & { trace?: TraceCarrier };

/** Input of `integrationWorkflow`: carried across continue-as-new, so no queued item is lost. */
export interface IntegrationInput {
  projectId: string;
  queue?: QueueItem[];
  /** Candidates processed by earlier runs of this workflow id. */
  processed?: number;
  /** Continue as new after this many history events (tests lower it). */
  historyLimit?: number;
}

/** Update `submit` result: where the item stands in the queue (1 = next). */
export interface SubmitResult {
  position: number;
}

/** How often the merge queue merges and tests a candidate again when the default branch moved meanwhile. */
export const MERGE_ATTEMPTS = 3;

/** Workflow id of a project's merge queue. */
export function integrationWorkflowId(projectId: string): string {
  return `integrate-${projectId}`;
}

const COMMIT = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

function isTraceCarrier(trace: unknown): boolean {
  if (typeof trace !== 'object' || trace === null || Array.isArray(trace)) return false;
  return Object.entries(trace).every(([key, value]) => (key === 'traceparent' || key === 'tracestate') && typeof value === 'string' && value.length <= 512);
}
// A branch name as git allows it, and never an option (git would read `-x` as one).
const BRANCH = /^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]{1,200}$/;

/**
 * What is wrong with a queue item that arrived through Temporal (an update anyone with access to
 * the cluster can send), or undefined when it is usable: ids become paths, branches git arguments.
 */
export function checkQueueItem(item: unknown): string | undefined {
  const it = item as Partial<QueueItem> | undefined;
  if (it?.trace !== undefined && !isTraceCarrier(it.trace)) return 'item.trace must be W3C trace-context headers (traceparent, tracestate)';
  if (it?.kind === 'reload') {
    if (!COMMIT.test(String(it.toCommit))) return 'item.toCommit must be a full commit id';
    return it.previousTip === undefined || COMMIT.test(String(it.previousTip)) ? undefined : 'item.previousTip must be a full commit id';
  }
  if (it?.kind !== 'merge') return 'item.kind must be "merge" or "reload"';
  const candidate = it.candidate as Partial<Candidate> | undefined;
  if (!isTaskId(candidate?.taskId)) return 'item.candidate.taskId must be letters, digits, . _ - (not starting with . or -)';
  if (!BRANCH.test(String(candidate?.branch))) return 'item.candidate.branch must be a branch name';
  if (!COMMIT.test(String(candidate?.headCommit))) return 'item.candidate.headCommit must be a full commit id';
  return undefined;
}
