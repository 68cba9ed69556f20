import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { summarizeTasks, summarizeTasksBy, type StatsGroup } from '../../model/task-stats.js';
import { DEFAULT_STATS_SPAN, parsePointInTime } from '../../model/time-window.js';
import type { MetricsRepository } from '../../store/metrics-repository.js';
import type { ProjectRepository } from '../../store/project-repository.js';
import { ErrorBody, ErrorCode, HttpError } from '../errors.js';
import type { ApiMetrics } from '../metrics/metrics-registry.js';
import { StatsByAgent, StatsByModel, StatsByProject, StatsQuery, StatsSummary } from '../schemas/metrics-schemas.js';

export interface MetricsRouteDeps {
  metrics: MetricsRepository;
  projects: ProjectRepository;
}

/** The window a stats query names: 400 naming the field it cannot read, 404 for an unknown project. */
function windowOf(deps: MetricsRouteDeps, query: Static<typeof StatsQuery>, now = new Date()): { since: string; until: string; project: string | null } {
  const read = (field: 'since' | 'until', fallback: string) => {
    const raw = query[field] ?? fallback;
    const at = parsePointInTime(raw, now);
    if (!at) throw new HttpError(400, ErrorCode.validationFailed, `${field} must be an ISO date or date-time, or a span like 7d, 24h or 30m; got ${JSON.stringify(raw)}`);
    return at.toISOString();
  };
  const since = read('since', DEFAULT_STATS_SPAN);
  const until = query.until === undefined ? now.toISOString() : read('until', '');
  if (since >= until) throw new HttpError(400, ErrorCode.validationFailed, `since (${since}) must be before until (${until})`);
  if (query.project === undefined) return { since, until, project: null };
  const project = deps.projects.find(query.project);
  if (!project) throw new HttpError(404, ErrorCode.notFound, `no project with id or name '${query.project}'`);
  return { since, until, project: project.name };
}

/**
 * GET /metrics, the Prometheus text format for a scraper holding a token (a viewer's will do), and
 * the figures of the tasks filed in a window: GET /api/metrics/summary, /by-project, /by-agent, /by-model.
 */
export const metricsRoutes =
  (metrics: ApiMetrics, deps: MetricsRouteDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/metrics',
      {
        schema: {
          summary: 'Metrics in the Prometheus text format: tasks, iterations, tokens, cost, durations, releases, API latency (names start ringmaster_)',
          tags: ['system'],
          response: { 200: { description: 'Prometheus text exposition format 0.0.4', content: { 'text/plain': { schema: Type.String() } } } },
        },
      },
      async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
    );

    const errors = { 400: ErrorBody, 404: ErrorBody };
    app.get(
      '/api/metrics/summary',
      {
        schema: {
          summary: 'Tasks, success rate, mean iterations, p50/p95 duration, tokens and cost of the tasks filed in a window',
          tags: ['metrics'],
          querystring: StatsQuery,
          response: { 200: StatsSummary, ...errors },
        },
      },
      async (request) => {
        const window = windowOf(deps, request.query);
        return { ...window, ...summarizeTasks(deps.metrics.taskFacts(window)) };
      },
    );
    const grouped =
      <G extends StatsGroup>(by: G) =>
      async (request: { query: Static<typeof StatsQuery> }) => {
        const window = windowOf(deps, request.query);
        return { ...window, items: summarizeTasksBy(deps.metrics.taskFacts(window), by) };
      };
    app.get(
      '/api/metrics/by-project',
      { schema: { summary: 'The same figures for each project, most tasks first', tags: ['metrics'], querystring: StatsQuery, response: { 200: StatsByProject, ...errors } } },
      grouped('project'),
    );
    app.get(
      '/api/metrics/by-agent',
      { schema: { summary: 'The same figures for each agent, most tasks first', tags: ['metrics'], querystring: StatsQuery, response: { 200: StatsByAgent, ...errors } } },
      grouped('agent'),
    );
    app.get(
      '/api/metrics/by-model',
      {
        schema: {
          summary: 'The same figures for each model (a task counts for the model of its last iteration), most tasks first',
          tags: ['metrics'],
          querystring: StatsQuery,
          response: { 200: StatsByModel, ...errors },
        },
      },
      grouped('model'),
    );
  };
