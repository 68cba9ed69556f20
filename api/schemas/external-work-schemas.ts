import { Type } from 'typebox';
import { EXTERNAL_RESULT_STATUSES } from '../../model/external-work.js';

const WorkerId = Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._:@-]+$', description: 'Who pulls: any stable name (letters, digits, . _ : @ -)' });

export const WorkerParams = Type.Object({ id: WorkerId });

/** A task an external worker pulled. */
export const PulledTask = Type.Object({
  task: Type.Object({
    id: Type.String(),
    title: Type.String(),
    description: Type.String(),
    project: Type.String({ description: 'Project name' }),
    worktreePath: Type.String({ description: 'The git worktree to work in (on the host that holds it); commit there' }),
    branch: Type.Union([Type.String(), Type.Null()]),
    iteration: Type.Integer(),
    promptUrl: Type.String({ description: 'GET: the prompt this iteration got; POST: build it again now' }),
    promptPath: Type.Union([Type.String(), Type.Null()], { description: "The prompt file on the worktree's host" }),
    heartbeatTimeoutSeconds: Type.Integer({ description: 'Heartbeat more often than this (POST /api/tasks/:id/heartbeat) or lose the claim' }),
  }),
});

const claimedBy = Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The worker that pulled the task; when given it must hold the claim' }));

export const ExternalResultBody = Type.Object(
  {
    status: Type.Enum([...EXTERNAL_RESULT_STATUSES], { description: 'completed: the work is done (Ringmaster runs the tests and merges); failed: it cannot be done' }),
    summary: Type.Optional(Type.String({ maxLength: 20_000, description: 'What was done, or why it failed' })),
    workerId: claimedBy,
  },
  { additionalProperties: false },
);

export const HeartbeatBody = Type.Object({ workerId: claimedBy }, { additionalProperties: false });

export const ExternalResultView = Type.Object({
  taskId: Type.String(),
  workerId: Type.String(),
  status: Type.Enum([...EXTERNAL_RESULT_STATUSES]),
});

export const HeartbeatView = Type.Object({
  taskId: Type.String(),
  workerId: Type.String(),
  heartbeatTimeoutSeconds: Type.Integer(),
});
