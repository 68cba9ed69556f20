import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../../access/fastify-access.js';
import { hashToken, newToken } from '../../access/tokens.js';
import { UniqueViolationError } from '../../store/row-mapping.js';
import type { UserRepository } from '../../store/user-repository.js';
import { ErrorBody, ErrorCode, HttpError } from '../errors.js';
import { CreatedUser, CreateUserBody, UserParams, UserView } from '../schemas/access-schemas.js';

/** /api/users: personal tokens with a role (admin only). */
export const userRoutes =
  (deps: { users: UserRepository }): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/api/users', { schema: { summary: 'Users and their roles', tags: ['access'], response: { 200: Type.Object({ items: Type.Array(UserView) }) } } }, async () => ({
      items: deps.users.list(),
    }));

    app.post(
      '/api/users',
      { schema: { summary: 'Add a user; the answer holds its token, shown only this once', tags: ['access'], body: CreateUserBody, response: { 201: CreatedUser, 400: ErrorBody, 409: ErrorBody } } },
      async (request, reply) => {
        const token = newToken();
        try {
          const user = deps.users.add({ ...request.body, tokenHash: hashToken(token), createdBy: principalOf(request).name });
          return reply.code(201).send({ user, token });
        } catch (err) {
          if (err instanceof UniqueViolationError) throw new HttpError(409, ErrorCode.conflict, err.message);
          throw err;
        }
      },
    );

    app.delete(
      '/api/users/:name',
      { schema: { summary: 'Remove a user; its token stops working at once', tags: ['access'], params: UserParams, response: { 204: Type.Null(), 404: ErrorBody } } },
      async (request, reply) => {
        if (!deps.users.remove(request.params.name)) throw new HttpError(404, ErrorCode.notFound, `no user named '${request.params.name}'`);
        return reply.code(204).send(null);
      },
    );
  };
