import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the OpenAPI document built from the route schemas at /openapi.json and the Swagger UI
 * at /docs (its assets ship inside the npm package, so it works offline).
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Ringmaster API',
        description: 'A durable orchestrator for AI coding agents, built on Temporal. Errors are `{ error: { code, message, details } }`.',
        version,
      },
      tags: [{ name: 'system', description: 'Health and documentation' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'The token in $RINGMASTER_HOME/api-token, or a personal one from `ringmaster user add`' },
        },
      },
      security: [{ bearer: [] }],
    },
    // Shared schemas keep their $id as their component name (ErrorBody, not def-0).
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
}
