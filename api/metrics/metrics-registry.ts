import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MetricsRepository } from '../../store/metrics-repository.js';
import type { WorkerInfo } from '../../temporal/worker-registry.js';

/** Every metric name starts with this. */
export const METRIC_PREFIX = 'ringmaster_';

// An agent run lasts seconds to an hour; a task, from a minute to a day (decisions wait).
const RUN_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600];
const TASK_BUCKETS = [10, 30, 60, 300, 600, 1800, 3600, 7200, 14400, 43200, 86400];
// A merge (tests and release included) takes seconds to tens of minutes, more behind a long queue.
const QUEUE_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200];
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// How long one listing of the live workers serves the gauges of a scrape.
const WORKER_LISTING_MS = 1000;

/** The metrics of one API process and how its requests are counted. */
export interface ApiMetrics {
  registry: Registry;
  /** Counts one answered request: `route` is its pattern (`/api/tasks/:id`), never the raw URL. */
  observeRequest(method: string, route: string, statusCode: number, seconds: number): void;
}

/**
 * The registry `GET /metrics` answers from. What tasks, iterations and releases did is read from
 * the projection at each scrape (so every API process, and every host's tasks, give the same
 * figures, and nothing is lost when a process restarts); request latency and the process's own
 * figures (memory, event loop, GC) are this API process's. Live workers and their agent slots come
 * from their heartbeats to the cluster; when it does not answer, `ringmaster_temporal_reachable` is 0
 * and the scrape still succeeds.
 */
export function createApiMetrics(source: MetricsRepository, liveWorkers: () => Promise<WorkerInfo[]>): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });

  new Gauge({
    name: `${METRIC_PREFIX}tasks`,
    help: 'Tasks by project, agent and status',
    labelNames: ['project', 'agent', 'status'],
    registers: [registry],
    collect() {
      this.reset();
      for (const row of source.tasks()) this.set({ project: row.project, agent: row.agent, status: row.status }, row.count);
    },
  });

  new Counter({
    name: `${METRIC_PREFIX}iterations_total`,
    help: 'Agent iterations by project, agent, model and outcome',
    labelNames: ['project', 'agent', 'model', 'outcome'],
    registers: [registry],
    collect() {
      this.reset();
      for (const row of source.iterations()) this.inc({ project: row.project, agent: row.agent, model: row.model, outcome: row.outcome }, row.count);
    },
  });
  new Counter({
    name: `${METRIC_PREFIX}agent_tokens_total`,
    help: 'Tokens the agents reported, by project, agent, model and direction (in, out)',
    labelNames: ['project', 'agent', 'model', 'direction'],
    registers: [registry],
    collect() {
      this.reset();
      for (const row of source.iterations()) {
        this.inc({ project: row.project, agent: row.agent, model: row.model, direction: 'in' }, row.tokensIn);
        this.inc({ project: row.project, agent: row.agent, model: row.model, direction: 'out' }, row.tokensOut);
      }
    },
  });
  new Counter({
    name: `${METRIC_PREFIX}agent_cost_usd_total`,
    help: 'Cost the agents reported (or Ringmaster estimated from their tokens), in US dollars, by project, agent and model',
    labelNames: ['project', 'agent', 'model'],
    registers: [registry],
    collect() {
      this.reset();
      for (const row of source.iterations()) this.inc({ project: row.project, agent: row.agent, model: row.model }, row.costUsd);
    },
  });

  new Histogram({
    name: `${METRIC_PREFIX}agent_run_duration_seconds`,
    help: 'How long agent runs took, by project and agent',
    labelNames: ['project', 'agent'],
    buckets: RUN_BUCKETS,
    registers: [registry],
    collect() {
      this.reset();
      for (const row of source.runDurations()) this.observe({ project: row.project, agent: row.agent }, row.seconds);
    },
  });
  new Histogram({
    name: `${METRIC_PREFIX}task_duration_seconds`,
    help: 'How long ended tasks took from filing to their final status, by project and agent',
    labelNames: ['project', 'agent'],
    buckets: TASK_BUCKETS,
    registers: [registry],
    collect() {
      this.reset();
      for (const row of source.taskDurations()) this.observe({ project: row.project, agent: row.agent }, row.seconds);
    },
  });

  new Gauge({
    name: `${METRIC_PREFIX}merge_queue_depth`,
    help: "Tasks in each project's merge queue: waiting for their turn, or being merged, tested and released",
    labelNames: ['project'],
    registers: [registry],
    collect() {
      this.reset();
      for (const row of source.queueDepths()) this.set({ project: row.project }, row.count);
    },
  });
  new Histogram({
    name: `${METRIC_PREFIX}merge_queue_wait_seconds`,
    help: "How long tasks spent in their project's merge queue, from their commit to its verdict",
    labelNames: ['project'],
    buckets: QUEUE_BUCKETS,
    registers: [registry],
    collect() {
      this.reset();
      for (const row of source.queueWaits()) this.observe({ project: row.project }, row.seconds);
    },
  });

  new Counter({
    name: `${METRIC_PREFIX}releases_total`,
    help: 'Releases that ended, by project and outcome (deployed, rolled_back, rejected …)',
    labelNames: ['project', 'outcome'],
    registers: [registry],
    collect() {
      this.reset();
      for (const row of source.releases()) this.inc({ project: row.project, outcome: row.status }, row.count);
    },
  });

  // One listing of the workers feeds the three gauges of a scrape (whatever order they collect in).
  let listing: { at: number; workers: Promise<WorkerInfo[] | undefined> } | undefined;
  const currentWorkers = () => {
    if (!listing || Date.now() - listing.at > WORKER_LISTING_MS) listing = { at: Date.now(), workers: liveWorkers().catch(() => undefined) };
    return listing.workers;
  };
  new Gauge({
    name: `${METRIC_PREFIX}temporal_reachable`,
    help: '1 when the Temporal cluster answered the listing of live workers at this scrape, else 0',
    registers: [registry],
    async collect() {
      this.set((await currentWorkers()) ? 1 : 0);
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}workers`,
    help: 'Live worker processes by status (running, draining), from their heartbeats',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      const live = await currentWorkers();
      if (!live) return;
      for (const status of ['running', 'draining'] as const) this.set({ status }, live.filter((w) => w.status === status).length);
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}agent_slots`,
    help: 'Agent slots of the live workers: used and total',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      this.reset();
      const live = await currentWorkers();
      if (!live) return;
      this.set(
        { state: 'used' },
        live.reduce((n, w) => n + w.slots.used, 0),
      );
      this.set(
        { state: 'total' },
        live.reduce((n, w) => n + w.slots.total, 0),
      );
    },
  });

  const requests = new Histogram({
    name: `${METRIC_PREFIX}api_request_duration_seconds`,
    help: 'How long this API process took to answer, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: REQUEST_BUCKETS,
    registers: [registry],
  });

  return {
    registry,
    observeRequest: (method, route, statusCode, seconds) => requests.observe({ method, route, status_code: String(statusCode) }, seconds),
  };
}
