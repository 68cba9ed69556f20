import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { HealthReport, summarizeHealth } from '../health/health-report.js';
import { createHealthCache } from '../health/health-cache.js';
import { probeHealth, type HealthDeps } from '../health/probe-health.js';

/** What /health tells a caller without a token: whether the system is up, nothing about it. */
const HealthLiveness = Type.Object({ status: HealthReport.properties.status }, { description: 'The answer without a token' });

/**
 * GET /health: 200 when Temporal and the database answer, 503 naming the failing part otherwise.
 * Without a token it says only `{ status }`.
 */
export const healthRoutes = (deps: HealthDeps): FastifyPluginAsync =>
  async function health(app) {
    // One probe at a time for every caller (load balancers, release checks, people).
    const probe = createHealthCache(() => probeHealth(deps));
    app.get(
      '/health',
      {
        schema: {
          summary: 'Health of the API, Temporal, the database and the workers (with a token; without one, only the status)',
          tags: ['system'],
          security: [{}, { bearer: [] }],
          response: { 200: Type.Union([HealthReport, HealthLiveness]), 503: Type.Union([HealthReport, HealthLiveness]) },
        },
      },
      async (request, reply) => {
        const { statusCode, report } = summarizeHealth(await probe());
        return reply.code(statusCode).send(request.principal ? report : { status: report.status });
      },
    );
  };
