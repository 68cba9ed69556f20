import { AgentId } from './agents.js';
import type { AgentOptions } from './task-input.js';
import { DEFAULT_PRIORITY } from './priority.js';
import type { PromptSettings } from './prompt-settings.js';
import { DEFAULT_RATE_LIMIT_POLICY, type OnRateLimit } from './rate-limit.js';
import { mergeSecretRefs, parseSecretRef, type SecretRefs } from './secrets.js';
import { TASK_DEFAULTS, type TaskPlan, type TaskWorkflowInput } from './task.js';

/** The project settings a task plan is resolved against. */
export interface ProjectSettings {
  id: string;
  name: string;
  /** The checkout on the control plane's machine; for a project with a remote, the control plane's mirror of it. */
  repoPath: string;
  /** The git remote the project lives in (every host works from its own mirror of it); null for a local checkout. */
  remote?: string | null;
  defaultBranch: string;
  testCommand: string[] | null;
  /** Shown to the agent as a way to check its work; Ringmaster does not gate on it. */
  lintCommand: string[] | null;
  setupCommand: string[] | null;
  copyFiles: string[];
  agent: AgentId;
  maxIterations: number;
  /** At most this many of its tasks hold an agent slot at once; null: no limit. */
  maxConcurrentTasks: number | null;
  budgetUsd: number | null;
  /** Paths symlinked from the repository into each worktree (e.g. node_modules). */
  linkFiles: string[];
  /** The prompt's token budget and the layers switched off. */
  prompt: PromptSettings;
  /** Environment variables its agents get from named secrets (the task's own win). */
  secrets?: SecretRefs;
  /** What its tasks do on a rate limit, and the longest wait (absent: DEFAULT_RATE_LIMIT_POLICY). */
  onRateLimit?: OnRateLimit;
  rateLimitMaxWaitMinutes?: number;
  /** Default stall limit of its tasks' agent runs, in minutes (null or absent: none). */
  stallMinutes?: number | null;
  /** Whether its tasks wait for a person's review when they stop short (absent: no). */
  reviewOnStop?: boolean;
}

/** Thrown when a task asks for something its project cannot do; the message names the field. */
export class TaskInputError extends Error {
  override readonly name = 'TaskInputError';
  constructor(
    readonly field: string,
    /** What is wrong with the field, without its name. */
    readonly problem: string,
  ) {
    super(`${field} ${problem}`);
  }
}

/** Throws TaskInputError when a decomposition is asked for in a way that cannot work. */
function checkDecomposition(input: TaskWorkflowInput, agent: AgentId, options: AgentOptions): void {
  if (input.decomposeApproval && !input.decompose) throw new TaskInputError('decomposeApproval', 'goes with decompose: true');
  if (!input.decompose) return;
  if (input.parentId !== undefined) throw new TaskInputError('decompose', 'cannot be set on a subtask: subtasks are not decomposed again');
  // The planning iteration runs on a host; an external worker's loop has no planning step.
  if (agent === AgentId.external) throw new TaskInputError('decompose', 'needs an agent run by Ringmaster, not the external agent');
  // A task's own values are sealed for its agent only: its subtasks could not read them.
  if (Object.values(options.secrets ?? {}).some((ref) => parseSecretRef(ref).kind === 'task')) {
    throw new TaskInputError(
      'agentOptions.env',
      'cannot go with decompose (the subtasks could not read its values): store them as named secrets (ringmaster secret set) and name them in agentOptions.secrets',
    );
  }
}

/**
 * Resolves a filed task against its project: the task's own settings win, then the project's,
 * then the defaults. Throws TaskInputError when the `command` agent has no command.
 */
export function resolveTaskPlan(taskId: string, input: TaskWorkflowInput, project: ProjectSettings): TaskPlan {
  const agent = input.agent ?? project.agent;
  const secrets = mergeSecretRefs(project.secrets, input.agentOptions?.secrets);
  const agentOptions: AgentOptions = { ...input.agentOptions };
  // Values never enter a plan (it travels in workflow payloads): splitSecretEnv seals them first.
  if (agentOptions.env) throw new Error('agentOptions.env must be sealed (splitSecretEnv) before a task is planned');
  if (secrets) agentOptions.secrets = secrets;
  if (agent === AgentId.command && !agentOptions.command?.length) {
    throw new TaskInputError('agentOptions.command', 'is required for the command agent (the argv to run, e.g. ["./fix.sh"])');
  }
  checkDecomposition(input, agent, agentOptions);
  const stallMinutes = input.stallMinutes ?? project.stallMinutes ?? undefined;
  return {
    taskId,
    projectId: project.id,
    projectName: project.name,
    repoPath: project.repoPath,
    ...(project.remote ? { remote: project.remote } : {}),
    defaultBranch: project.defaultBranch,
    testCommand: project.testCommand,
    lintCommand: project.lintCommand,
    prompt: project.prompt,
    setupCommand: project.setupCommand,
    copyFiles: project.copyFiles,
    linkFiles: project.linkFiles,
    title: input.title,
    description: input.description ?? '',
    acceptanceCriteria: input.acceptanceCriteria ?? [],
    priority: input.priority ?? DEFAULT_PRIORITY,
    dependsOn: input.dependsOn ?? [],
    requires: input.requires ?? [],
    agent,
    agentOptions,
    maxIterations: input.maxIterations ?? project.maxIterations ?? TASK_DEFAULTS.maxIterations,
    projectLimit: project.maxConcurrentTasks,
    budgetUsd: input.budgetUsd ?? project.budgetUsd ?? null,
    timeoutMinutes: input.timeoutMinutes ?? TASK_DEFAULTS.timeoutMinutes,
    decisionTimeoutMinutes: input.decisionTimeoutMinutes ?? TASK_DEFAULTS.decisionTimeoutMinutes,
    decisionReminderMinutes: input.decisionReminderMinutes ?? TASK_DEFAULTS.decisionReminderMinutes,
    ...(stallMinutes ? { stallMinutes } : {}),
    ...((input.reviewOnStop ?? project.reviewOnStop) ? { reviewOnStop: true } : {}),
    ...(input.decompose ? { decompose: true } : {}),
    ...(input.decompose && input.decomposeApproval ? { decomposeApproval: true } : {}),
    rateLimit: {
      onRateLimit: project.onRateLimit ?? DEFAULT_RATE_LIMIT_POLICY.onRateLimit,
      maxWaitMinutes: project.rateLimitMaxWaitMinutes ?? DEFAULT_RATE_LIMIT_POLICY.maxWaitMinutes,
    },
  };
}
