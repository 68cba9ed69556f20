import { Type, type Static } from 'typebox';
import { AGENT_IDS } from '../../model/agents.js';
import { TASK_LIMITS } from '../../model/task.js';

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
  budgetUsd: Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Null()], { description: 'Default spend limit per task in USD' }),
  linkFiles: Type.Array(Type.String({ minLength: 1 }), { description: 'Paths symlinked from the repository into each worktree and release, e.g. node_modules' }),
  buildCommand: Type.Union([CommandInput, Type.Null()], { description: 'Run in each new release directory before it is activated' }),
  reloadCommand: Type.Union([CommandInput, Type.Null()], { description: 'Run in the activated release directory to make it serve' }),
  healthUrl: Type.Union([Type.String({ pattern: '^https?://' }), Type.Null()], { description: 'Must answer 2xx after a reload, else the reload is rolled back' }),
  watch: Type.Boolean({ description: 'Reload when a commit lands on the default branch from outside Ringmaster' }),
};

/** Project names end up in paths and URLs: letters, digits, `.`, `_`, `-`. */
const ProjectName = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', description: 'Unique; letters, digits, . _ -' });

export const CreateProjectBody = Type.Object(
  {
    name: ProjectName,
    repoPath: projectFields.repoPath,
    defaultBranch: Type.Optional(projectFields.defaultBranch),
    testCommand: Type.Optional(projectFields.testCommand),
    setupCommand: Type.Optional(projectFields.setupCommand),
    copyFiles: Type.Optional(projectFields.copyFiles),
    agent: Type.Optional(projectFields.agent),
    maxIterations: Type.Optional(projectFields.maxIterations),
    budgetUsd: Type.Optional(projectFields.budgetUsd),
    linkFiles: Type.Optional(projectFields.linkFiles),
    buildCommand: Type.Optional(projectFields.buildCommand),
    reloadCommand: Type.Optional(projectFields.reloadCommand),
    healthUrl: Type.Optional(projectFields.healthUrl),
    watch: Type.Optional(projectFields.watch),
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
    budgetUsd: Type.Union([Type.Number(), Type.Null()]),
    linkFiles: Type.Array(Type.String()),
    buildCommand: Type.Union([Type.Array(Type.String()), Type.Null()]),
    reloadCommand: Type.Union([Type.Array(Type.String()), Type.Null()]),
    healthUrl: Type.Union([Type.String(), Type.Null()]),
    watch: Type.Boolean(),
    self: Type.Boolean({ description: "Ringmaster's own repository (registered by `ringmaster up --self`)" }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Project' },
);

export const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
