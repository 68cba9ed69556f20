import { Type } from 'typebox';
import { RELOAD_STATUSES, ReloadTrigger } from '../../model/reload.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const StepView = Type.Object({
  name: Type.String(),
  status: Type.Enum(['ok', 'failed']),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.String({ format: 'date-time' }),
  detail: Type.Optional(Type.String()),
  host: Type.Optional(Type.String({ description: 'The host it ran on, when the release ran on several' })),
});

export const ReloadView = Type.Object(
  {
    id: Type.String(),
    projectId: Type.String(),
    projectName: Type.String(),
    workflowId: Type.String(),
    trigger: Type.Enum(Object.values(ReloadTrigger)),
    taskId: Nullable(Type.String()),
    fromCommit: Nullable(Type.String()),
    toCommit: Type.String(),
    status: Type.Enum([...RELOAD_STATUSES]),
    steps: Type.Array(StepView, { description: 'Each step of the saga with its timing' }),
    compensations: Type.Array(StepView, { description: 'The compensations a failed reload ran, in the order they ran' }),
    error: Nullable(Type.String()),
    revertCommit: Nullable(Type.String({ description: 'The revert commit a rollback put on the default branch' })),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    finishedAt: Nullable(Type.String({ format: 'date-time' })),
  },
  { $id: 'Reload' },
);

export const ReloadListQuery = Type.Object(
  {
    project: Type.Optional(Type.String({ minLength: 1, description: 'Project id or name' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

export const ReloadRequestBody = Type.Object(
  { commit: Type.Optional(Type.String({ pattern: '^[0-9a-f]{7,40}$', description: 'Commit to release; default: the tip of the default branch' })) },
  { additionalProperties: false },
);

export const ReloadRequested = Type.Object({
  projectId: Type.String(),
  toCommit: Type.String(),
  /** Where the release stands in the project's queue (1 = next). */
  position: Type.Integer(),
  queueWorkflowId: Type.String(),
});
