import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { TaskRepository } from '../../store/task-repository.js';

const Params = Type.Object({ hostId: Type.String({ minLength: 1, maxLength: 128 }) });

/** GET /api/hosts/:hostId/tasks: the unfinished tasks whose worktree is on a host (a draining host worker waits for them). */
export const hostTaskRoutes =
  (deps: { tasks: TaskRepository }): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/hosts/:hostId/tasks',
      { schema: { summary: 'The unfinished tasks held by a host (role host)', tags: ['hosts'], params: Params, response: { 200: Type.Object({ items: Type.Array(Type.String()) }) } } },
      async (request) => ({ items: deps.tasks.unfinishedOnHost(request.params.hostId) }),
    );
  };
