import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal, Role } from '../model/roles.js';
import { checkAccess, type AccessPolicy } from './request-access.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who sent the request; undefined for an anonymous request to an open route. */
    principal: Principal | undefined;
  }
}

/** The role a route needs, or `open` when it answers without a token. */
export type RouteAccess = Role | 'open';

export interface AccessHookOptions {
  policy: AccessPolicy;
  /** The access of a route, from its method and URL pattern (undefined pattern: no route matched). */
  accessOf(method: string, pattern: string | undefined): RouteAccess;
  /** Renders a refusal in the server's error format. */
  refuse(status: number, code: string, message: string): unknown;
}

/** The principal of a request that passed the access hook, for routes that need one. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error(`${request.method} ${request.url} has no principal: its route must not be open`);
  return request.principal;
}

/**
 * Checks every request before it is routed to a handler: Host, Origin, then the bearer token and
 * the role its route needs (see checkAccess). Refusals carry `WWW-Authenticate: Bearer` on 401.
 */
export function registerAccessHook(app: FastifyInstance, options: AccessHookOptions): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request, reply) => {
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const access = options.accessOf(method, request.routeOptions.url);
    const decided = checkAccess(
      {
        host: request.headers.host,
        origin: request.headers.origin,
        authorization: request.headers.authorization,
        needs: access === 'open' ? undefined : access,
      },
      options.policy,
    );
    if ('refusal' in decided) {
      const { status, code, message } = decided.refusal;
      if (status === 401) void reply.header('www-authenticate', 'Bearer');
      return reply.code(status).send(options.refuse(status, code, message));
    }
    request.principal = decided.principal;
  });
}
