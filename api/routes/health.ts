import type { FastifyPluginAsync } from 'fastify';
import { HealthReport, summarizeHealth } from '../health/health-report.js';
import { probeHealth, type HealthDeps } from '../health/probe-health.js';

/** GET /health: 200 when Temporal and the database answer, 503 naming the failing part otherwise. */
export const healthRoutes = (deps: HealthDeps): FastifyPluginAsync =>
  async function health(app) {
    app.get(
      '/health',
      {
        schema: {
          summary: 'Health of the API, Temporal, the database and the workers',
          tags: ['system'],
          response: { 200: HealthReport, 503: HealthReport },
        },
      },
      async (_request, reply) => {
        const { statusCode, report } = summarizeHealth(await probeHealth(deps));
        return reply.code(statusCode).send(report);
      },
    );
  };
