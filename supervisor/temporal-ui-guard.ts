import replyFrom from '@fastify/reply-from';
import { parse as parseCookie, serialize as serializeCookie } from 'cookie';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { checkHostAndOrigin, type AccessPolicy } from '../access/request-access.js';
import { Role, roleAllows } from '../model/roles.js';
import { signInPage } from './sign-in-page.js';
import { UI_SESSION_MS, type UiSessions } from './ui-sessions.js';

const COOKIE = 'ringmaster_ui';
const SIGN_IN = '/_ringmaster/sign-in';
const SIGN_OUT = '/_ringmaster/sign-out';

export interface UiGuardOptions {
  policy: AccessPolicy;
  sessions: UiSessions;
  /** Where the dev server's Web UI listens now (on a port browsers never connect to). */
  upstream: () => string;
  /** Send the cookie only over https (the public URL is https). */
  secureCookie?: boolean;
}

const error = (code: string, message: string) => ({ error: { code, message } });

async function readForm(body: unknown): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of body as Readable) text += String(chunk);
  return new URLSearchParams(text);
}

/**
 * Builds (does not start) the guard in front of the embedded Temporal Web UI: it answers only its
 * own hosts and origins (421 / 403), signs admins in with a token (a session cookie, HttpOnly,
 * SameSite=Strict), and passes everything else of a signed-in browser to the Web UI unchanged.
 */
export async function buildUiGuard(options: UiGuardOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(replyFrom, { undici: { connections: 32 } });
  // Bodies go to the Web UI as they came; the sign-in form is read by its own route.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  const sessionOf = (request: FastifyRequest) => parseCookie(request.headers.cookie ?? '')[COOKIE];
  const cookie = (value: string, maxAgeSeconds: number) =>
    serializeCookie(COOKIE, value, { httpOnly: true, sameSite: 'strict', path: '/', maxAge: maxAgeSeconds, secure: options.secureCookie ?? false });

  app.addHook('onRequest', async (request, reply) => {
    const refused = checkHostAndOrigin({ host: request.headers.host, origin: request.headers.origin }, options.policy);
    if (refused) return reply.code(refused.status).send(error(refused.code, refused.message));
  });

  app.get(SIGN_IN, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'").send(signInPage()),
  );

  app.post(SIGN_IN, async (request, reply) => {
    const token = (await readForm(request.body)).get('token')?.trim() ?? '';
    const principal = token ? options.policy.principalOf(token) : undefined;
    const page = (message: string) => reply.code(401).type('text/html; charset=utf-8').send(signInPage(message));
    if (!principal) return page('That token is not one of this Ringmaster’s.');
    if (!roleAllows(principal.role, Role.admin)) return page(`${principal.name} is ${principal.role}; the Temporal UI needs an admin.`);
    return reply.header('set-cookie', cookie(options.sessions.open(principal), UI_SESSION_MS / 1000)).redirect('/', 303);
  });

  app.post(SIGN_OUT, async (request, reply) => {
    options.sessions.close(sessionOf(request));
    return reply.header('set-cookie', cookie('', 0)).redirect(SIGN_IN, 303);
  });

  const pass = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!options.sessions.principalOf(sessionOf(request))) {
      const wantsPage = request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
      if (wantsPage) return reply.redirect(SIGN_IN, 302);
      return reply.code(401).send(error('unauthorized', `sign in first: ${SIGN_IN}`));
    }
    return reply.from(`${options.upstream()}${request.url}`, {
      // The Web UI needs neither the session cookie nor a token someone sent along.
      rewriteRequestHeaders: (_original, headers) => {
        const { authorization: _a, ...rest } = headers;
        const others = Object.entries(parseCookie(String(rest.cookie ?? ''))).filter(([name]) => name !== COOKIE);
        return { ...rest, cookie: others.map(([name, value]) => serializeCookie(name, value ?? '')).join('; ') };
      },
    });
  };
  app.all('/', pass);
  app.all('/*', pass);
  return app;
}
