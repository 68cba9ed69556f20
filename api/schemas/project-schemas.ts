import { Type, type Static } from 'typebox';
import { AGENT_IDS } from '../../model/agents.js';
import { HEALTH_CHECK_SECONDS } from '../../model/reload.js';
import { BUDGET_LIMITS, DEFAULT_BUDGET_TOKENS, LAYER_NAMES } from '../../model/prompt-settings.js';
import { MAX_HOOKS, NotifyHookSchema } from '../../model/notifications.js';
import { DEFAULT_RATE_LIMIT_POLICY, OnRateLimit } from '../../model/rate-limit.js';
import { ENV_NAME_PATTERN } from '../../model/secrets.js';
import { TASK_LIMITS } from '../../model/task-input.js';
import { CAPABILITY_PATTERN, MAX_CAPABILITY_LENGTH, MAX_LABELS } from '../../model/worker-capabilities.js';

const CommandInput = Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String(), { minItems: 1 })], {
  description: 'A command line (split into words like a shell would, but never run through one) or an argv array',
});

const projectFields = {
  repoPath: Type.String({ minLength: 1, description: 'Absolute path of a git repository with at least one commit' }),
  defaultBranch: Type.String({ minLength: 1, description: "Branch tasks start from and merge into; default: the repository's current branch" }),
  testCommand: Type.Union([CommandInput, Type.Null()], { description: 'Run by Ringmaster in the worktree to gate every result' }),
  setupCommand: Type.Union([CommandInput, Type.Null()], { description: 'Run once in each new worktree, e.g. npm ci' }),
  copyFiles: Type.Array(Type.String({ minLength: 1 }), { description: 'Git-ignored files (e.g. .env) copied into each worktree' }),
  agent: Type.Enum([...AGENT_IDS], { description: 'Default agent CLI of the tasks' }),
  maxIterations: Type.Integer({ minimum: TASK_LIMITS.maxIterations.min, maximum: TASK_LIMITS.maxIterations.max }),
  maxConcurrentTasks: Type.Union([Type.Integer({ minimum: 1, maximum: 1000 }), Type.Null()], { description: "At most this many of the project's tasks run agents at once; null (or 0): no limit" }),
  budgetUsd: Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Null()], { description: 'Default spend limit per task in USD' }),
  budgetUsdPerMonth: Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Null()], {
    description:
      "What the project's agents may spend per calendar month (UTC) in USD; once spent, its tasks wait (waiting_for_budget) before their next iteration until the month ends or it is raised; null: no limit",
  }),
  onRateLimit: Type.Enum([...Object.values(OnRateLimit)], {
    description: `When an agent hits a rate or usage limit: wait (durably, status waiting_for_rate_limit, holding no slot) until it resets and run the iteration again without counting it, or fail; default ${DEFAULT_RATE_LIMIT_POLICY.onRateLimit}`,
  }),
  rateLimitMaxWaitMinutes: Type.Integer({
    minimum: 1,
    maximum: 7 * 24 * 60,
    description: `The longest single wait for a rate limit to reset; a limit that resets later fails the task; default ${DEFAULT_RATE_LIMIT_POLICY.maxWaitMinutes}`,
  }),
  stallMinutes: Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 24 * 60 }), Type.Null()], {
    description: 'An agent run that writes no output for this many minutes is stopped (outcome stalled); null: no limit',
  }),
  reviewOnStop: Type.Boolean({
    description:
      'When a task stops short (iterations or budget spent, the agent blocked or stalled) it waits in needs_review for a person (POST /api/tasks/:id/review: retry, accept, abandon) instead of failing; default false',
  }),
  linkFiles: Type.Array(Type.String({ minLength: 1 }), { description: 'Paths symlinked from the repository into each worktree and release, e.g. node_modules' }),
  buildCommand: Type.Union([CommandInput, Type.Null()], { description: 'Run in each new release directory before it is activated' }),
  reloadCommand: Type.Union([CommandInput, Type.Null()], { description: 'Run in the activated release directory to make it serve' }),
  healthUrl: Type.Union([Type.String({ pattern: '^https?://' }), Type.Null()], { description: 'Must answer 2xx after a reload, else the reload is rolled back' }),
  healthCheckSeconds: Type.Integer({
    minimum: HEALTH_CHECK_SECONDS.min,
    maximum: HEALTH_CHECK_SECONDS.max,
    description: `How long a new release has to answer healthUrl with 2xx before it is rolled back; default ${HEALTH_CHECK_SECONDS.default}`,
  }),
  watch: Type.Boolean({ description: 'Reload when a commit lands on the default branch from outside Ringmaster' }),
  lintCommand: Type.Union([CommandInput, Type.Null()], { description: 'Shown to the agent as a way to check its work (not a gate)' }),
  deployHosts: Type.Array(Type.String({ pattern: CAPABILITY_PATTERN, maxLength: MAX_CAPABILITY_LENGTH }), {
    maxItems: MAX_LABELS,
    uniqueItems: true,
    description: "Host labels (a worker's --labels) its releases run on: every live host with one of them, one at a time; empty: the control plane's host",
  }),
  remoteSecret: Type.Union([Type.String({ pattern: ENV_NAME_PATTERN }), Type.Null()], {
    description: "The named secret (ringmaster secret set NAME) an https remote is reached with: user:password, or a token; null: the hosts' own git credentials",
  }),
  notify: Type.Array(NotifyHookSchema, {
    maxItems: MAX_HOOKS,
    description: "Webhooks told about the project's tasks and releases, each signed with its secret and retried for a day until the receiver answers 2xx",
  }),
  prompt: Type.Object(
    {
      budgetTokens: Type.Optional(Type.Integer({ minimum: BUDGET_LIMITS.min, maximum: BUDGET_LIMITS.max, description: `Token budget of each prompt; default ${DEFAULT_BUDGET_TOKENS}` })),
      layers: Type.Optional(
        Type.Object(Object.fromEntries(LAYER_NAMES.map((name) => [name, Type.Optional(Type.Boolean())])), {
          additionalProperties: false,
          description: `Switch prompt layers off with false: ${LAYER_NAMES.join(', ')}`,
        }),
      ),
    },
    { additionalProperties: false, description: 'Prompt enrichment settings' },
  ),
};

/** Project names end up in paths and URLs: letters, digits, `.`, `_`, `-`. */
const ProjectName = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', description: 'Unique; letters, digits, . _ -' });

export const CreateProjectBody = Type.Object(
  {
    name: ProjectName,
    repoPath: Type.Optional(projectFields.repoPath),
    remote: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 2000,
        description: 'A git remote instead of repoPath: file://, git://, ssh:// (or user@host:path) or https:// URL; each host works from its own mirror of it',
      }),
    ),
    defaultBranch: Type.Optional(projectFields.defaultBranch),
    testCommand: Type.Optional(projectFields.testCommand),
    setupCommand: Type.Optional(projectFields.setupCommand),
    copyFiles: Type.Optional(projectFields.copyFiles),
    agent: Type.Optional(projectFields.agent),
    maxIterations: Type.Optional(projectFields.maxIterations),
    maxConcurrentTasks: Type.Optional(projectFields.maxConcurrentTasks),
    budgetUsd: Type.Optional(projectFields.budgetUsd),
    budgetUsdPerMonth: Type.Optional(projectFields.budgetUsdPerMonth),
    onRateLimit: Type.Optional(projectFields.onRateLimit),
    rateLimitMaxWaitMinutes: Type.Optional(projectFields.rateLimitMaxWaitMinutes),
    stallMinutes: Type.Optional(projectFields.stallMinutes),
    reviewOnStop: Type.Optional(projectFields.reviewOnStop),
    linkFiles: Type.Optional(projectFields.linkFiles),
    buildCommand: Type.Optional(projectFields.buildCommand),
    reloadCommand: Type.Optional(projectFields.reloadCommand),
    healthUrl: Type.Optional(projectFields.healthUrl),
    healthCheckSeconds: Type.Optional(projectFields.healthCheckSeconds),
    watch: Type.Optional(projectFields.watch),
    lintCommand: Type.Optional(projectFields.lintCommand),
    deployHosts: Type.Optional(projectFields.deployHosts),
    remoteSecret: Type.Optional(projectFields.remoteSecret),
    notify: Type.Optional(projectFields.notify),
    prompt: Type.Optional(projectFields.prompt),
  },
  { additionalProperties: false },
);
export type CreateProjectBody = Static<typeof CreateProjectBody>;

export const UpdateProjectBody = Type.Partial(CreateProjectBody, { additionalProperties: false, minProperties: 1 });
export type UpdateProjectBody = Static<typeof UpdateProjectBody>;

export const ProjectView = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    repoPath: Type.String(),
    defaultBranch: Type.String(),
    testCommand: Type.Union([Type.Array(Type.String()), Type.Null()]),
    setupCommand: Type.Union([Type.Array(Type.String()), Type.Null()]),
    copyFiles: Type.Array(Type.String()),
    agent: Type.String(),
    maxIterations: Type.Integer(),
    maxConcurrentTasks: Type.Union([Type.Integer(), Type.Null()]),
    budgetUsd: Type.Union([Type.Number(), Type.Null()]),
    budgetUsdPerMonth: projectFields.budgetUsdPerMonth,
    onRateLimit: projectFields.onRateLimit,
    rateLimitMaxWaitMinutes: projectFields.rateLimitMaxWaitMinutes,
    stallMinutes: projectFields.stallMinutes,
    reviewOnStop: projectFields.reviewOnStop,
    linkFiles: Type.Array(Type.String()),
    buildCommand: Type.Union([Type.Array(Type.String()), Type.Null()]),
    reloadCommand: Type.Union([Type.Array(Type.String()), Type.Null()]),
    healthUrl: Type.Union([Type.String(), Type.Null()]),
    healthCheckSeconds: Type.Integer(),
    watch: Type.Boolean(),
    lintCommand: Type.Union([Type.Array(Type.String()), Type.Null()]),
    deployHosts: projectFields.deployHosts,
    prompt: Type.Object({ budgetTokens: Type.Integer(), layers: Type.Record(Type.String(), Type.Boolean()) }),
    self: Type.Boolean({ description: "Ringmaster's own repository (registered by `ringmaster up --self`)" }),
    remote: Type.Union([Type.String(), Type.Null()], { description: "The git remote the project lives in (repoPath is then the control plane's mirror of it)" }),
    remoteSecret: projectFields.remoteSecret,
    notify: projectFields.notify,
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Project' },
);

export const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
