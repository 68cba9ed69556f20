import type { FastifyInstance } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { ErrorCode, errorBody } from './errors.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** True when `host` is only reachable from this machine. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

/** Thrown when the API would be reachable from other machines without a token. */
export class InsecureBindError extends Error {
  override readonly name = 'InsecureBindError';
}

/** Refuses a non-loopback address without RINGMASTER_API_TOKEN: the API runs commands on this machine. */
export function assertSafeBind(host: string, token: string | undefined): void {
  if (!isLoopback(host) && !token) {
    throw new InsecureBindError(
      `refusing to serve the API on ${host} without a token: set RINGMASTER_API_TOKEN (clients then send "Authorization: Bearer <token>"), or bind 127.0.0.1`,
    );
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** With a token configured, every request must carry `Authorization: Bearer <token>`, else 401. */
export function registerTokenAuth(app: FastifyInstance, token: string | undefined): void {
  if (!token) return;
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer (.+)$/.exec(header);
    if (!match || !sameSecret(match[1]!, token)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send(errorBody(ErrorCode.unauthorized, header ? 'the bearer token is wrong' : 'send Authorization: Bearer <RINGMASTER_API_TOKEN>'));
    }
  });
}
