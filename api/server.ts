import { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import cluster from 'node:cluster';
import type http from 'node:http';
import { fileURLToPath } from 'node:url';
import { resolveHostId } from '../config/host-id.js';
import { createLogger } from '../config/logger.js';
import { ensureDataDirs } from '../config/paths.js';
import { createSecretVault } from '../secrets/secret-vault.js';
import { ensureSecretKey } from '../secrets/secret-key.js';
import { apiBaseUrl, settingsToEnv, type Settings } from '../config/settings.js';
import { buildInfo } from '../config/version.js';
import { migrate } from '../store/migrate.js';
import { openDatabase } from '../store/open-database.js';
import { createStore } from '../store/create-store.js';
import { createLocalWorkerSpawner } from '../supervisor/local-worker-spawner.js';
import { parentWorkerSpawner } from '../supervisor/spawner-protocol.js';
import { lazyConnection } from '../temporal/cluster-probe.js';
import { buildApp } from './app.js';
import { clientTracing } from '../telemetry/temporal-tracing.js';
import { startTracing } from '../telemetry/tracing.js';
import { ensureInstallToken } from '../access/install-token.js';
import { createDrainControl, type DrainOptions, type DrainOutcome } from './cluster/drain-http-servers.js';
import { listenErrorFor } from './cluster/listen-check.js';
import { answerProbes } from './cluster/worker-probe.js';

export { ListenError } from './cluster/listen-check.js';

/** True when `host` is only reachable from this machine. */
function isLoopback(host: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host);
}

export interface ApiServer {
  app: FastifyInstance;
  url: string;
  /** Stops accepting connections, lets in-flight requests finish, then releases the DB and Temporal. */
  close(): Promise<void>;
  /**
   * Stops accepting connections without touching the open ones, answers every further request
   * with `Connection: close`, and once no connection is left (or at the deadline) closes the app,
   * the database and the Temporal connection. Memoized; rejects only if closing those fails.
   */
  drain(options: DrainOptions): Promise<DrainOutcome>;
}

/**
 * Every http server fastify bound: its own, plus one per extra address of `localhost` (IPv4 and
 * IPv6), which fastify keeps in an internal list. A drain must stop all of them.
 */
function boundServers(app: FastifyInstance): http.Server[] {
  const bindings = Object.getOwnPropertySymbols(app).find((symbol) => symbol.description === 'fastify.serverBindings');
  const extra = bindings ? (((app as unknown as Record<symbol, unknown>)[bindings] as http.Server[] | undefined) ?? []) : [];
  const servers = [app.server, ...extra.filter((server) => server !== app.server)];
  if (servers.length < app.addresses().length) {
    throw new Error(`fastify listens on ${app.addresses().length} addresses but only ${servers.length} servers were found to drain`);
  }
  return servers;
}

export interface StartApiServerOptions {
  /** Answer the cluster primary's probes carrying this token with this process's pid. */
  probeToken?: string | undefined;
}

/**
 * Opens the database (applying migrations), connects lazily to Temporal and listens (under
 * node:cluster, through the primary's socket). Every request needs a token (the install's, made
 * on first start, or a user's). Throws ConfigError for an unusable token file, ListenError when
 * the address cannot be bound.
 */
export async function startApiServer(settings: Settings, options: StartApiServerOptions = {}): Promise<ApiServer> {
  const paths = ensureDataDirs(settings.home);
  const installToken = ensureInstallToken(settings.home, settings.apiToken);
  const db = openDatabase(paths.database);
  migrate(db, undefined, { backupDir: paths.backups });
  const store = createStore(db);
  const connection = lazyConnection(settings.temporal);
  const logger = createLogger('api', settings.logLevel);
  const tracing = settings.tracing ? startTracing(settings.tracing, { name: 'ringmaster-api', version: buildInfo().version }) : undefined;
  // Started, signalled and updated workflows carry the request's span: one trace per task from its POST on.
  const client = new Client({ connection, namespace: settings.temporal.namespace, ...clientTracing(tracing) });
  // Under `ringmaster api` the cluster primary spawns workers (or asks the supervisor to); alone,
  // this process does, and its workers stop with it.
  const localSpawner = cluster.isWorker
    ? undefined
    : createLocalWorkerSpawner({
        entry: fileURLToPath(new URL('../cli/main.js', import.meta.url)),
        env: { ...process.env, ...settingsToEnv(settings) },
        parentHostId: resolveHostId(settings.home),
        logsDir: paths.logs,
        runDir: paths.run,
        stopGraceMs: settings.workerShutdownGraceMs + 15_000,
        note: (message) => logger.info(message),
      });
  const app = await buildApp(
    {
      db,
      dbPath: paths.database,
      connection,
      client,
      temporal: settings.temporal,
      build: buildInfo(),
      home: settings.home,
      ...store,
      vault: createSecretVault({ repository: store.secrets, key: ensureSecretKey(settings.home) }),
      installToken,
      maintenance: settings.maintenance,
      hostLostMinutes: settings.hostLostMinutes,
      prices: settings.prices,
      served: { host: settings.host, port: settings.port, publicUrl: settings.publicUrl },
      taskQueue: settings.taskQueue,
      workerTaskQueues: [settings.taskQueue],
      workerSpawner: localSpawner ?? parentWorkerSpawner(),
      tracing,
    },
    { logger },
  );
  const release = async () => {
    await localSpawner?.close();
    await connection.close();
    db.close();
    await tracing?.shutdown();
  };
  try {
    await app.listen({ host: settings.host, port: settings.port });
  } catch (err) {
    await app.close();
    await release();
    throw listenErrorFor(err, settings.host, settings.port) ?? err;
  }
  const servers = boundServers(app);
  const drainControl = createDrainControl(servers);
  if (options.probeToken) answerProbes(servers, options.probeToken);
  const url = apiBaseUrl(settings);
  logger.info({ url }, 'api listening');
  if (!isLoopback(settings.host) && settings.publicUrl?.protocol !== 'https:') {
    logger.warn({ host: settings.host }, 'the API is reachable from other machines over plain HTTP, tokens included: put TLS in front of it and set RINGMASTER_PUBLIC_URL to its https:// address');
  }
  let drained: Promise<DrainOutcome> | undefined;
  return {
    app,
    url,
    async close() {
      await app.close();
      await release();
    },
    drain(options) {
      const outcome = drainControl.drain(options);
      drained ??= outcome.then(async (result) => {
        await app.close();
        await release();
        return result;
      });
      return drained;
    },
  };
}
