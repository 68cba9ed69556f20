import type { AgentId } from './agents.js';
import type { AgentOptions } from './task-input.js';
import type { TaskInput } from './task-input.js';
import type { AgentOutcome } from './agent-outcome.js';
import type { Priority } from './priority.js';
import type { PromptSettings } from './prompt-settings.js';
import type { RateLimitPolicy } from './rate-limit.js';
import type { TaskStatus } from './task-status.js';

/**
 * Input of `taskWorkflow`: the filed task (see TaskInputSchema) plus the task id the API chose.
 * Only `project` and `title` are required, so that
 * `temporal workflow start --type taskWorkflow --input '{"project":"demo","title":"…"}'` works.
 */
export type TaskWorkflowInput = TaskInput & {
  taskId?: string;
  /** Who filed it (the API's user); absent when started from the Temporal CLI. */
  createdBy?: string;
  /** Set when a failed task runs again (POST /api/tasks/:id/retry): a new run of the same task. */
  retry?: TaskRetry;
  /** Set on the subtasks of a decomposed task: the task they are part of (its child workflows). */
  parentId?: string;
};

/** Which run of a task this is, and where its iteration numbers go on from. */
export interface TaskRetry {
  /** 2 for the first retry. */
  run: number;
  /** The number of this run's first iteration: the ones before are earlier runs' and stay. */
  firstIteration: number;
}

/** Statuses from which a task may run again (a spent budget ends as failed). */
export const RETRYABLE_STATUSES: readonly TaskStatus[] = ['failed', 'conflict'];

/** True when a task that ended so may run again. */
export function isRetryableStatus(status: TaskStatus): boolean {
  return RETRYABLE_STATUSES.includes(status);
}

/** Everything the workflow needs about a task and its project, resolved once by `recordTask`. */
export interface TaskPlan {
  taskId: string;
  projectId: string;
  projectName: string;
  repoPath: string;
  /** Set for a project backed by a git remote: hosts work from their own mirror of it (git/remote-mirror.ts). */
  remote?: string;
  /** With a remote: after this long without its host, the task moves to another one (RINGMASTER_HOST_LOST_MINUTES). */
  hostLostMinutes?: number;
  defaultBranch: string;
  testCommand: string[] | null;
  /** Shown to the agent as a way to check its work (optional, like the fields below, for older plans). */
  lintCommand?: string[] | null;
  /** The project's prompt budget and layers. */
  prompt?: PromptSettings;
  setupCommand: string[] | null;
  copyFiles: string[];
  linkFiles: string[];
  title: string;
  description: string;
  /** Checks the work must pass (optional: plans of tasks started before it existed lack it). */
  acceptanceCriteria?: string[];
  priority: Priority;
  /** Tasks that must complete first (optional: plans of tasks started before it existed lack it). */
  dependsOn?: string[];
  /** Capabilities a worker must have. */
  requires?: string[];
  /** The project's concurrency limit (null or absent: none). */
  projectLimit?: number | null;
  agent: AgentId;
  agentOptions: AgentOptions;
  maxIterations: number;
  budgetUsd: number | null;
  timeoutMinutes: number;
  decisionTimeoutMinutes: number;
  /** How often the webhooks are told again that a question waits (absent in plans recorded before reminders). */
  decisionReminderMinutes?: number;
  /** What a rate limit does to the task (absent in plans recorded before it: DEFAULT_RATE_LIMIT_POLICY). */
  rateLimit?: RateLimitPolicy;
  /** An agent run silent for this long is stopped as stalled (absent: no such limit). */
  stallMinutes?: number;
  /** Stops short go to needs_review for a person instead of failing (absent: they fail). */
  reviewOnStop?: boolean;
  /** The agent plans subtasks, which run as child tasks; the task itself changes no code (absent: no). */
  decompose?: boolean;
  /** With decompose: the plan waits for a person's approval (a decision) before the subtasks start. */
  decomposeApproval?: boolean;
}

/** What `taskWorkflow` returns. */
export interface TaskWorkflowResult {
  taskId: string;
  status: TaskStatus;
  outcome: AgentOutcome | null;
  iterations: number;
  finalCommit: string | null;
  error: string | null;
}

/** Longest answer to an agent's question (it goes into the next prompt). */
export const MAX_ANSWER_LENGTH = 20_000;

/** Update `answerDecision` argument: the person's answer to the agent's question. */
export interface DecisionAnswer {
  answer: string;
  /** Who answered (the API's user); absent when sent through Temporal directly. */
  answeredBy?: string;
}

/** Query `state`: where a running task is. */
export interface TaskState {
  status: TaskStatus;
  step: string;
  iteration: number;
  question: string | null;
}

/** Defaults applied when neither the task nor its project says otherwise. */
export const TASK_DEFAULTS = {
  maxIterations: 5,
  timeoutMinutes: 30,
  decisionTimeoutMinutes: 7 * 24 * 60,
  decisionReminderMinutes: 24 * 60,
} as const;
