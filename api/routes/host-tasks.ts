import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { TaskRepository } from '../../store/task-repository.js';

const Params = Type.Object({ hostId: Type.String({ minLength: 1, maxLength: 128 }) });

const MovedBody = Type.Object({ taskIds: Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 10_000 }) }, { additionalProperties: false });

/**
 * GET /api/hosts/:hostId/tasks: the unfinished tasks whose worktree is on a host (a draining host
 * worker waits for them). POST /api/hosts/:hostId/moved-away: which of the tasks a host has
 * worktrees of went on elsewhere (it was lost, then came back): their worktrees there are stale.
 */
export const hostTaskRoutes =
  (deps: { tasks: TaskRepository }): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/hosts/:hostId/tasks',
      { schema: { summary: 'The unfinished tasks held by a host (role host)', tags: ['hosts'], params: Params, response: { 200: Type.Object({ items: Type.Array(Type.String()) }) } } },
      async (request) => ({ items: deps.tasks.unfinishedOnHost(request.params.hostId) }),
    );
    app.post(
      '/api/hosts/:hostId/moved-away',
      {
        schema: {
          summary: 'Which of these tasks now run on another host (role host)',
          tags: ['hosts'],
          params: Params,
          body: MovedBody,
          response: { 200: Type.Object({ items: Type.Array(Type.String()) }) },
        },
      },
      async (request) => ({ items: deps.tasks.movedAwayFrom(request.params.hostId, request.body.taskIds) }),
    );
  };
