import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../../access/fastify-access.js';
import type { SecretVault } from '../../secrets/secret-vault.js';
import { ErrorBody, ErrorCode, HttpError } from '../errors.js';
import { PutSecretBody, SecretParams, SecretView } from '../schemas/access-schemas.js';

/** /api/secrets: named secrets that projects and tasks reference; values go in and never come out. */
export const secretRoutes =
  (deps: { vault: SecretVault }): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/secrets',
      { schema: { summary: 'The named secrets (names and dates, never values)', tags: ['access'], response: { 200: Type.Object({ items: Type.Array(SecretView) }) } } },
      async () => ({ items: deps.vault.listNamed() }),
    );

    app.put(
      '/api/secrets/:name',
      { schema: { summary: 'Store a named secret (replacing its value)', tags: ['access'], params: SecretParams, body: PutSecretBody, response: { 204: Type.Null(), 400: ErrorBody } } },
      async (request, reply) => {
        deps.vault.setNamed(request.params.name, request.body.value, principalOf(request).name);
        return reply.code(204).send(null);
      },
    );

    app.delete(
      '/api/secrets/:name',
      { schema: { summary: 'Remove a named secret (tasks that name it then fail to start their agent)', tags: ['access'], params: SecretParams, response: { 204: Type.Null(), 404: ErrorBody } } },
      async (request, reply) => {
        if (!deps.vault.removeNamed(request.params.name)) throw new HttpError(404, ErrorCode.notFound, `no secret named '${request.params.name}'`);
        return reply.code(204).send(null);
      },
    );
  };
