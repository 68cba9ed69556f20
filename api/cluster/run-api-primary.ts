import cluster from 'node:cluster';
import { resolveHostId } from '../../config/host-id.js';
import { createLogger } from '../../config/logger.js';
import { dataPaths } from '../../config/paths.js';
import { apiBaseUrl, settingsToEnv, type Settings } from '../../config/settings.js';
import { createLocalWorkerSpawner, type LocalWorkerSpawner } from '../../supervisor/local-worker-spawner.js';
import { handleSpawnerRequest, parentWorkerSpawner, SUPERVISED_SPAWNER_ENV } from '../../supervisor/spawner-protocol.js';
import type { WorkerSpawner } from '../../supervisor/worker-spawner.js';
import { ensureInstallToken } from '../../access/install-token.js';
import { createApiPrimary } from './api-primary.js';
import { resolveApiClusterSettings } from './cluster-settings.js';
import { exitWhenIdle } from './exit-when-idle.js';
import { assertApiAddressFree } from './listen-check.js';
import { ApiMessageType, parseApiReloadRequest, type ApiReadyMessage, type ApiReloadReply } from '../../ipc/api-reload-protocol.js';

export interface RunApiPrimaryOptions {
  /** CLI entry of the first worker: this build's own `dist/cli/main.js`. */
  entry: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Who spawns the workers the API workers ask for: the supervisor when `ringmaster up` started this
 * primary, else a local spawner here (the primary outlives its API workers across reloads).
 */
function workerSpawnerFor(settings: Settings, entry: string, env: NodeJS.ProcessEnv, logger: ReturnType<typeof createLogger>): { spawner: WorkerSpawner; local?: LocalWorkerSpawner } {
  if (env[SUPERVISED_SPAWNER_ENV] === 'supervisor' && process.send) return { spawner: parentWorkerSpawner() };
  const local = createLocalWorkerSpawner({
    entry,
    env: { ...env, ...settingsToEnv(settings) },
    parentHostId: resolveHostId(settings.home, env),
    logsDir: dataPaths(settings.home).logs,
    runDir: dataPaths(settings.home).run,
    stopGraceMs: settings.workerShutdownGraceMs + 15_000,
    note: (message) => logger.info(message),
  });
  return { spawner: local, local };
}

/** Sends to the parent, if there is one; a parent that went away is not an error here. */
function tellParent(message: ApiReadyMessage | ApiReloadReply): void {
  if (process.send && process.connected) process.send(message, undefined, {}, () => undefined);
}

/**
 * `ringmaster api`: a small node:cluster primary that holds the API port and forks one worker
 * (`api-worker`) that serves; it reloads onto a new release on the parent's `api:reload` message
 * (contract in ipc/api-reload-protocol.ts) and drains its workers on SIGINT/SIGTERM or when its parent's
 * IPC channel closes, then exits 0. Resolves once the first worker serves. Throws ConfigError
 * (an unusable token file) or ListenError before forking anything, and WorkerStartError when the first worker did not come up.
 */
export async function runApiPrimary(settings: Settings, options: RunApiPrimaryOptions): Promise<void> {
  const env = options.env ?? process.env;
  // Made before any worker starts, so that every API worker serves the same token.
  ensureInstallToken(settings.home, settings.apiToken);
  const timings = resolveApiClusterSettings(env);
  await assertApiAddressFree(settings.host, settings.port);
  const logger = createLogger('api', settings.logLevel);
  const primary = createApiPrimary({
    entry: options.entry,
    host: settings.host,
    port: settings.port,
    env: settingsToEnv(settings),
    drainMs: timings.drainMs,
    workerStartMs: timings.workerStartMs,
    logger,
  });

  const workers = workerSpawnerFor(settings, options.entry, env, logger);
  // An API worker asks for workers to be spawned or stopped; the answer goes back to it.
  cluster.on('message', (worker, message: unknown) => {
    handleSpawnerRequest(message, workers.spawner, (reply) => {
      if (worker.isConnected()) worker.send(reply);
    });
  });

  let stopped: Promise<void> | undefined;
  const shutdown = (why: string) => {
    stopped ??= (async () => {
      logger.info(`${why}; draining the api workers`);
      await primary.stop();
      // Workers spawned here are this API's children: they stop with it.
      await workers.local?.close();
      exitWhenIdle(0);
    })();
  };
  process.on('SIGINT', () => shutdown('received SIGINT'));
  process.on('SIGTERM', () => shutdown('received SIGTERM'));
  // Started by `ringmaster up`: the IPC channel closes if the supervisor dies; it must not keep us alive.
  process.channel?.unref();
  process.once('disconnect', () => shutdown('the parent process went away'));
  process.on('message', (message: unknown) => {
    const parsed = parseApiReloadRequest(message);
    if (!parsed) return;
    const { requestId } = parsed.ok ? parsed.request : parsed;
    if (!parsed.ok) {
      tellParent({ type: ApiMessageType.reloaded, requestId, ok: false, error: parsed.error });
      return;
    }
    primary.reload(parsed.request.entry).then(
      ({ pid }) => tellParent({ type: ApiMessageType.reloaded, requestId, ok: true, pid }),
      (err: Error) => {
        logger.error({ entry: parsed.request.entry }, `api reload refused: ${err.message}`);
        tellParent({ type: ApiMessageType.reloaded, requestId, ok: false, error: err.message });
      },
    );
  });

  try {
    const { pid } = await primary.start();
    tellParent({ type: ApiMessageType.ready, pid, url: apiBaseUrl(settings) });
  } catch (err) {
    // A signal during start-up stops the worker; the shutdown under way ends the process.
    if (stopped) return;
    throw err;
  }
}
