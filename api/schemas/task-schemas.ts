import { Type } from 'typebox';
import { AGENT_IDS } from '../../model/agents.js';
import { AGENT_OUTCOMES } from '../../model/agent-outcome.js';
import { MAX_REVIEW_NOTE_LENGTH, REVIEW_ACTIONS } from '../../model/review.js';
import { PRIORITIES } from '../../model/priority.js';
import { PromptReportSchema } from '../../model/prompt-report.js';
import { AgentOptionsSchema, TaskInputSchema } from '../../model/task-input.js';
import { TASK_STATUSES } from '../../model/task-status.js';
import { MAX_ANSWER_LENGTH } from '../../model/task.js';
import { TASK_LIMITS } from '../../model/task-input.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const TaskLinks = Type.Object({
  self: Type.String(),
  temporalUi: Nullable(Type.String()),
});

export const IterationView = Type.Object({
  number: Type.Integer(),
  outcome: Type.Enum([...AGENT_OUTCOMES]),
  summary: Type.String(),
  tokensIn: Type.Integer(),
  tokensOut: Type.Integer(),
  costUsd: Nullable(Type.Number({ description: 'Null when neither the CLI reports the cost nor its model has a price' })),
  costEstimated: Type.Boolean({ description: 'True when the cost is estimated from the tokens and the price table (the CLI reports none)' }),
  model: Nullable(Type.String({ description: 'The model the run used, when the CLI reports it or the task names it' })),
  sessionId: Nullable(Type.String({ description: "The agent CLI's session (conversation) id, when it reports one" })),
  resumed: Type.Boolean({ description: "True when the run continued the previous iteration's session with only what was new" }),
  durationMs: Type.Integer(),
  exitCode: Nullable(Type.Integer()),
  testsPassed: Nullable(Type.Boolean()),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.String({ format: 'date-time' }),
});

export const DecisionView = Type.Object({
  iteration: Type.Integer(),
  question: Type.String(),
  answer: Nullable(Type.String()),
  askedAt: Type.String({ format: 'date-time' }),
  answeredAt: Nullable(Type.String({ format: 'date-time' })),
  answeredBy: Nullable(Type.String({ description: 'Who answered (null: through Temporal directly)' })),
});

const taskFields = {
  id: Type.String(),
  workflowId: Type.String(),
  projectId: Type.String(),
  projectName: Type.String(),
  title: Type.String(),
  description: Type.String(),
  acceptanceCriteria: Type.Array(Type.String()),
  priority: Type.Enum([...PRIORITIES]),
  effectivePriority: Type.Enum([...PRIORITIES], { description: 'The priority it runs at now: its own, or a more urgent one lent by a task waiting on it' }),
  requires: Type.Array(Type.String(), { description: 'Capabilities a worker must have' }),
  agent: Type.Enum([...AGENT_IDS]),
  agentOptions: AgentOptionsSchema,
  maxIterations: Type.Integer(),
  budgetUsd: Nullable(Type.Number()),
  timeoutMinutes: Type.Integer(),
  status: Type.Enum([...TASK_STATUSES]),
  step: Type.String({ description: 'What the task is doing now' }),
  outcome: Nullable(Type.Enum([...AGENT_OUTCOMES])),
  error: Nullable(Type.String()),
  question: Nullable(Type.String({ description: 'The question waiting for an answer (status needs_decision)' })),
  hostId: Nullable(Type.String()),
  branch: Nullable(Type.String()),
  worktreePath: Nullable(Type.String()),
  worktreeKept: Type.Boolean({ description: 'True when the worktree was kept because it holds unmerged work' }),
  baseCommit: Nullable(Type.String()),
  finalCommit: Nullable(Type.String({ description: 'Commit of the default branch after the merge' })),
  iterations: Type.Integer(),
  tokensIn: Type.Integer(),
  tokensOut: Type.Integer(),
  costUsd: Type.Number(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  createdBy: Nullable(Type.String({ description: 'Who filed it (null: started through Temporal directly)' })),
  cleanupError: Nullable(Type.String({ description: 'Why the cleanup of its worktree failed; maintenance tries again' })),
  runs: Type.Integer({ description: 'How many runs it had: 1, and one more for each retry' }),
  pinned: Type.Boolean({ description: 'Its kept worktree outlives the retention of maintenance' }),
  parentId: Nullable(Type.String({ description: 'The decomposed task it is a subtask of (null: filed on its own)' })),
  links: TaskLinks,
};

export const TaskSummaryView = Type.Object(taskFields, { $id: 'TaskSummary' });

export const TaskView = Type.Object(
  {
    ...taskFields,
    hostWait: Type.Optional(
      Nullable(Type.String({ description: 'Set while the host holding its worktree has no live worker: the task waits for it, or moves after hostLostMinutes (GET /api/tasks/:id only)' })),
    ),
    dependsOn: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), status: Type.Enum([...TASK_STATUSES]), dropped: Type.Boolean() }), {
      description: 'The tasks it waits for (dropped: a person let it go on without that one)',
    }),
    children: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), status: Type.Enum([...TASK_STATUSES]) }), {
      description: 'The subtasks of a decomposed task (decompose: true), each a task of its own, in the order they were planned',
    }),
    iterationList: Type.Array(IterationView),
    decisions: Type.Array(DecisionView),
  },
  { $id: 'Task' },
);

export const TaskListQuery = Type.Object(
  {
    project: Type.Optional(Type.String({ minLength: 1, description: 'Project id or name' })),
    status: Type.Optional(Type.Enum([...TASK_STATUSES])),
    priority: Type.Optional(Type.Enum([...PRIORITIES])),
    agent: Type.Optional(Type.Enum([...AGENT_IDS])),
    cursor: Type.Optional(Type.String({ minLength: 1, description: 'nextCursor of the previous page' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

export const TaskList = Type.Object({ items: Type.Array(TaskSummaryView), nextCursor: Nullable(Type.String()) });

/** POST /api/tasks may carry an Idempotency-Key: a retry with the same key files no second task. */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$', description: 'Any printable ASCII without spaces, e.g. a UUID' })),
});

export const ReviewBody = Type.Object(
  {
    action: Type.Enum([...REVIEW_ACTIONS], {
      description: 'retry: more iterations (with the note in the prompt); accept: the work as it stands goes through the tests and the merge queue; abandon: the task fails',
    }),
    maxIterations: Type.Optional(
      Type.Integer({ minimum: TASK_LIMITS.maxIterations.min, maximum: TASK_LIMITS.maxIterations.max, description: "retry: how many more iterations; default: the task's maxIterations" }),
    ),
    budgetUsd: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'retry: how much more it may spend in USD (required when it stopped at its budget)' })),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_REVIEW_NOTE_LENGTH, description: 'retry: what the agent should know, put in the next prompt' })),
  },
  { additionalProperties: false },
);

export const DecisionBody = Type.Object({ answer: Type.String({ minLength: 1, maxLength: MAX_ANSWER_LENGTH, pattern: '\\S' }) }, { additionalProperties: false });

export const LogsQuery = Type.Object(
  { follow: Type.Optional(Type.Boolean({ default: false, description: 'Stream new lines as server-sent events until the task ends' })) },
  { additionalProperties: false },
);

/** A prompt built on request, with its per-layer token report. */
export const BuiltPromptView = Type.Object({ prompt: Type.String(), report: PromptReportSchema });

/** The text of a task not filed yet, to preview its prompt. */
export const PromptPreviewBody = Type.Pick(TaskInputSchema, ['title', 'description', 'acceptanceCriteria'], { additionalProperties: false });

/** POST /api/tasks/:id/retry: run a failed task again, maybe with other limits. */
export const RetryTaskBody = Type.Object(
  {
    maxIterations: Type.Optional(Type.Integer({ minimum: TASK_LIMITS.maxIterations.min, maximum: TASK_LIMITS.maxIterations.max, description: "Iterations of the new run; default the first run's" })),
    budgetUsd: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Spend limit of the new run' })),
  },
  { additionalProperties: false },
);

/** PATCH /api/tasks/:id: a new priority, or more tasks to wait for (while blocked). */
export const UpdateTaskBody = Type.Object(
  {
    pinned: Type.Optional(Type.Boolean({ description: 'Keep its kept worktree and branch past the retention of maintenance' })),
    priority: Type.Optional(Type.Enum([...PRIORITIES], { description: 'Takes effect for its next scheduling decision and is lent on to what it waits for' })),
    dependsOn: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 100, uniqueItems: true, description: 'More tasks to wait for; only while the task is blocked' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const DependencyParams = Type.Object({ id: Type.String({ minLength: 1 }), dependsOn: Type.String({ minLength: 1 }) });

export const PromptList = Type.Object({
  prompts: Type.Array(
    Type.Object({
      iteration: Type.Integer(),
      text: Type.String(),
      report: Type.Union([PromptReportSchema, Type.Null()], { description: 'Per-layer token report; null for prompts built before reports existed' }),
    }),
  ),
});
