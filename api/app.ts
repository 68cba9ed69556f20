import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { ErrorBody, registerErrorHandling } from './errors.js';
import type { HealthDeps } from './health/probe-health.js';
import { registerOpenApi } from './openapi.js';
import { healthRoutes } from './routes/health.js';

export type AppDeps = HealthDeps;

export interface BuildAppOptions {
  /** fastify's logger option: a pino instance, `false` in tests. */
  logger?: FastifyServerOptions['loggerInstance'] | false;
}

/**
 * Builds the REST API as a fastify instance that never listens (api/server.ts does), so tests
 * drive it with `app.inject`. Every route validates its input with a TypeBox schema.
 */
export async function buildApp(deps: AppDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    // One line per request (below) instead of fastify's two; health polls are not logged.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: { allErrors: true, removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onResponse', async (request, reply) => {
    if (request.url === '/health' || request.url.startsWith('/docs')) return;
    request.log.info({ status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, `${request.method} ${request.url}`);
  });
  app.addSchema(ErrorBody);
  registerErrorHandling(app);
  await registerOpenApi(app, deps.build.version);
  await app.register(healthRoutes(deps));
  return app;
}
