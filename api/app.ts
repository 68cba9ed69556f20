import type { ChangeVersion } from '../store/change-version.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Client } from '@temporalio/client';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { registerAccessHook } from '../access/fastify-access.js';
import { allowedHosts, allowedOrigins, type ServedAddress } from '../access/allowed-hosts.js';
import { createPrincipalLookup } from '../access/principals.js';
import { dataPaths } from '../config/paths.js';
import type { MaintenanceSettings } from '../config/settings.js';
import type { PriceTable } from '../model/model-prices.js';
import { createPromptBuilder } from '../enrich/build-prompt.js';
import type { DecisionRepository } from '../store/decision-repository.js';
import type { DependencyRepository } from '../store/dependency-repository.js';
import type { ExternalWorkRepository } from '../store/external-work-repository.js';
import type { IterationRepository } from '../store/iteration-repository.js';
import type { LessonRepository } from '../store/lesson-repository.js';
import type { NotificationRepository } from '../store/notification-repository.js';
import type { MetricsRepository } from '../store/metrics-repository.js';
import type { ProjectRepository } from '../store/project-repository.js';
import type { ReloadRepository } from '../store/reload-repository.js';
import type { TaskRepository } from '../store/task-repository.js';
import type { UserRepository } from '../store/user-repository.js';
import type { IdempotencyRepository } from '../store/idempotency-repository.js';
import type { SecretVault } from '../secrets/secret-vault.js';
import type { WorkerSpawner } from '../supervisor/worker-spawner.js';
import { ErrorBody, errorBody, registerErrorHandling, type ErrorCode } from './errors.js';
import { accessOf, isDeclared } from './route-access.js';
import type { HealthDeps } from './health/probe-health.js';
import { createApiMetrics } from './metrics/metrics-registry.js';
import { registerOpenApi } from './openapi.js';
import { TEMPORAL_CALL_MS } from './temporal-call.js';
import { listWorkers } from '../temporal/worker-registry.js';
import { TASK_QUEUE } from '../model/task-queues.js';
import { externalWorkRoutes } from './routes/external-work.js';
import { healthRoutes } from './routes/health.js';
import { projectRoutes } from './routes/projects.js';
import { hostTaskRoutes } from './routes/host-tasks.js';
import { maintenanceRoutes } from './routes/maintenance.js';
import { metricsRoutes } from './routes/metrics.js';
import { hostFileRoutes } from './routes/host-files.js';
import { hostReleaseRoutes } from './routes/host-releases.js';
import { hostSecretRoutes } from './routes/host-secrets.js';
import { notificationRoutes } from './routes/notifications.js';
import { reloadRoutes } from './routes/reloads.js';
import { secretRoutes } from './routes/secrets.js';
import { taskRoutes } from './routes/tasks.js';
import { userRoutes } from './routes/users.js';
import { workerRoutes } from './routes/workers.js';
import { registerRequestTracing } from './request-tracing.js';
import { sharedSchemaController } from './schema-compilers.js';
import type { Tracing } from '../telemetry/tracing.js';
import { ProjectView } from './schemas/project-schemas.js';

export interface AppDeps extends HealthDeps {
  client: Client;
  /** Data dir, where task logs and prompts are. */
  home: string;
  projects: ProjectRepository;
  tasks: TaskRepository;
  iterations: IterationRepository;
  decisions: DecisionRepository;
  reloads: ReloadRepository;
  lessons: LessonRepository;
  dependencies: DependencyRepository;
  externalWork: ExternalWorkRepository;
  users: UserRepository;
  idempotency: IdempotencyRepository;
  /** The projection's aggregates GET /metrics reads at each scrape. */
  metrics: MetricsRepository;
  notifications: NotificationRepository;
  /** Changes with the database (store.changeVersion). */
  changeVersion: ChangeVersion;
  /** What maintenance keeps (the worktree list says when a kept one goes). */
  maintenance: MaintenanceSettings;
  /** After this long without its host, a task of a project with a remote moves (RINGMASTER_HOST_LOST_MINUTES). */
  hostLostMinutes: number;
  /** What models cost: a budget for an agent whose cost cannot be known is refused. */
  prices: PriceTable;
  /** Seals the env values tasks bring and keeps the named secrets. */
  vault: SecretVault;
  /** The install's admin token; users bring their own (`ringmaster user add`). */
  installToken: string;
  /** Where the API listens and its public URL: requests for any other `Host` are refused. */
  served: ServedAddress;
  /** Where task workflows are started (default `ringmaster`). */
  taskQueue?: string;
  /** Starts and stops local workers (`POST /api/workers/spawn`); without one, spawning answers 503. */
  workerSpawner?: WorkerSpawner | undefined;
  /** This process's tracing: each request is a span, the parent of the workflows it starts. */
  tracing?: Tracing | undefined;
}

/**
 * A route plugin with its name, which fastify would otherwise look for by scanning every loaded
 * module for one that exports the plugin (slow, and slower under jest's module registry).
 */
function named<T extends object>(name: string, plugin: T): T {
  return Object.assign(plugin, { [Symbol.for('fastify.display-name')]: name });
}

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
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array' } },
    schemaController: sharedSchemaController,
  }).withTypeProvider<TypeBoxTypeProvider>();
  const metrics = createApiMetrics(deps.metrics, () =>
    deps.connection.withDeadline(Date.now() + TEMPORAL_CALL_MS, () => listWorkers(deps.connection, { namespace: deps.temporal.namespace, baseQueue: deps.taskQueue ?? TASK_QUEUE })),
  );
  if (deps.tracing) registerRequestTracing(app, deps.tracing);
  app.addHook('onResponse', async (request, reply) => {
    // By route pattern, so ids in URLs do not make a series each; a request no route matched is 'unmatched'.
    metrics.observeRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    if (request.url === '/health' || request.url.startsWith('/docs')) return;
    request.log.info({ status: reply.statusCode, ms: Math.round(reply.elapsedTime), user: request.principal?.name }, `${request.method} ${request.url}`);
  });
  // Every route the app registers must say who may use it (route-access.ts), checked once built.
  const routes: string[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push(`${method} ${route.url}`);
  });
  const hosts = allowedHosts(deps.served);
  registerAccessHook(app, {
    policy: { hosts, origins: allowedOrigins(deps.served, hosts), principalOf: createPrincipalLookup({ installToken: deps.installToken, users: deps.users }) },
    accessOf,
    refuse: (_status, code, message) => errorBody(code as ErrorCode, message),
  });
  app.addSchema(ErrorBody);
  app.addSchema(ProjectView);
  registerErrorHandling(app);
  await registerOpenApi(app, deps.build.version);
  await app.register(named('healthRoutes', healthRoutes(deps)));
  await app.register(named('metricsRoutes', metricsRoutes(metrics, deps)));
  // One index cache per API process: the first prompt of a repository builds it, later ones reuse it.
  const prompts = createPromptBuilder({ cacheDir: dataPaths(deps.home).indexCache });
  await app.register(named('projectRoutes', projectRoutes({ ...deps, prompts })));
  await app.register(named('taskRoutes', taskRoutes({ ...deps, prompts })));
  await app.register(named('reloadRoutes', reloadRoutes(deps)));
  await app.register(named('notificationRoutes', notificationRoutes(deps)));
  await app.register(named('workerRoutes', workerRoutes(deps)));
  await app.register(named('externalWorkRoutes', externalWorkRoutes(deps)));
  await app.register(named('userRoutes', userRoutes(deps)));
  await app.register(named('secretRoutes', secretRoutes(deps)));
  await app.register(named('hostTaskRoutes', hostTaskRoutes(deps)));
  await app.register(named('maintenanceRoutes', maintenanceRoutes(deps)));
  await app.register(named('hostSecretRoutes', hostSecretRoutes(deps)));
  await app.register(named('hostFileRoutes', hostFileRoutes(deps)));
  await app.register(named('hostReleaseRoutes', hostReleaseRoutes(deps)));
  const undeclared = routes.filter((route) => !isDeclared(route.slice(0, route.indexOf(' ')), route.slice(route.indexOf(' ') + 1)));
  if (undeclared.length) throw new Error(`routes without an access rule in api/route-access.ts: ${undeclared.join(', ')}`);
  return app;
}
