import { Type, type Static } from 'typebox';
import { AGENT_IDS } from './agents.js';
import { DEFAULT_EXTERNAL_HEARTBEAT_TIMEOUT_SECONDS, MIN_EXTERNAL_HEARTBEAT_TIMEOUT_SECONDS } from './external-work.js';
import { PRIORITIES } from './priority.js';
import { ENV_NAME_PATTERN, SECRET_LIMITS, SECRET_REF_PATTERN } from './secrets.js';

/** Limits validated by the API and by `recordTask`. */
export const TASK_LIMITS = { maxIterations: { min: 1, max: 50 } } as const;

/** Most words in an argv and characters in one word (a task's extra args or the command agent's argv). */
export const ARGV_LIMITS = { maxWords: 200, maxWordLength: 10_000 } as const;

/** Options of the agent CLI for one task. */
export const AgentOptionsSchema = Type.Object(
  {
    model: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Model passed to the CLI' })),
    args: Type.Optional(Type.Array(Type.String({ maxLength: ARGV_LIMITS.maxWordLength }), { maxItems: ARGV_LIMITS.maxWords, description: 'Extra CLI arguments' })),
    command: Type.Optional(Type.Array(Type.String({ maxLength: ARGV_LIMITS.maxWordLength }), { minItems: 1, maxItems: ARGV_LIMITS.maxWords, description: 'argv of the `command` agent' })),
    env: Type.Optional(
      Type.Record(Type.String({ pattern: ENV_NAME_PATTERN }), Type.String({ maxLength: SECRET_LIMITS.maxValueLength }), {
        maxProperties: SECRET_LIMITS.maxPerTask,
        additionalProperties: false,
        description:
          'Environment variables for the agent. The values are secrets: sealed (encrypted) when the task is filed, never stored or shown in clear text; the task lists them in `secrets` as task:NAME',
      }),
    ),
    secrets: Type.Optional(
      Type.Record(Type.String({ pattern: ENV_NAME_PATTERN }), Type.String({ pattern: SECRET_REF_PATTERN }), {
        maxProperties: SECRET_LIMITS.maxPerTask,
        additionalProperties: false,
        description: 'Environment variables the agent gets from stored secrets: { ENV_VAR: SECRET_NAME } (see `ringmaster secret set`)',
      }),
    ),
    heartbeatTimeoutSeconds: Type.Optional(
      Type.Integer({
        minimum: MIN_EXTERNAL_HEARTBEAT_TIMEOUT_SECONDS,
        maximum: 24 * 60 * 60,
        description: `The external agent: how long a worker may go without a heartbeat before the task returns to the queue; default ${DEFAULT_EXTERNAL_HEARTBEAT_TIMEOUT_SECONDS}`,
      }),
    ),
  },
  { additionalProperties: false },
);

/**
 * What a person asks for when filing a task: the body of `POST /api/tasks` and the input of
 * `taskWorkflow` (which also accepts the task id the API chose). One schema validates both.
 */
export const TaskInputSchema = Type.Object(
  {
    project: Type.String({ minLength: 1, description: 'Project id or name' }),
    title: Type.String({ minLength: 1, maxLength: 500 }),
    description: Type.Optional(Type.String({ maxLength: 200_000 })),
    acceptanceCriteria: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 2_000 }), { maxItems: 50, description: 'Checks the work must pass; shown to the agent as a checklist' })),
    priority: Type.Optional(Type.Enum([...PRIORITIES], { description: 'P0 (most urgent) to P4; default P2' })),
    dependsOn: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), { maxItems: 100, uniqueItems: true, description: 'Ids of tasks that must complete first; the task waits as blocked until then' }),
    ),
    requires: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 20, uniqueItems: true, description: 'Capabilities a worker must have, e.g. gpu, claude-code, languages=python' }),
    ),
    agent: Type.Optional(Type.Enum([...AGENT_IDS], { description: "Agent CLI; default: the project's" })),
    agentOptions: Type.Optional(AgentOptionsSchema),
    maxIterations: Type.Optional(Type.Integer({ minimum: TASK_LIMITS.maxIterations.min, maximum: TASK_LIMITS.maxIterations.max })),
    budgetUsd: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Spend limit in USD over all iterations' })),
    timeoutMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 60, description: 'Time limit of one agent iteration' })),
    decisionTimeoutMinutes: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 90 * 24 * 60, description: 'How long to wait for an answer; default 7 days' })),
    decisionReminderMinutes: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 90 * 24 * 60, description: 'After this long without an answer the question goes to the webhooks again, and again each time; default 1 day' }),
    ),
    stallMinutes: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 24 * 60, description: "An agent run that writes no output for this long is stopped (outcome stalled); default: the project's, else none" }),
    ),
    reviewOnStop: Type.Optional(
      Type.Boolean({
        description:
          "When the task stops short (iterations or budget spent, the agent blocked or stalled) it waits in needs_review for a person (POST /api/tasks/:id/review) instead of failing; default: the project's",
      }),
    ),
    decompose: Type.Optional(
      Type.Boolean({
        description:
          'A planning iteration asks the agent for a plan of subtasks (JSON); each becomes a child task with the dependencies the plan gives, and this task completes when all of them merged',
      }),
    ),
    decomposeApproval: Type.Optional(
      Type.Boolean({ description: 'With decompose: the plan waits as a decision (POST /api/tasks/:id/decision, "approve" or "reject: why") before the subtasks start' }),
    ),
  },
  { additionalProperties: false },
);
export type TaskInput = Static<typeof TaskInputSchema>;
export type AgentOptions = Static<typeof AgentOptionsSchema>;
