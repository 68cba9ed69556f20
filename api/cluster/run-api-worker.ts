import cluster from 'node:cluster';
import type { Settings } from '../../config/settings.js';
import { startApiServer, type ApiServer } from '../server.js';
import { resolveApiClusterSettings } from './cluster-settings.js';
import type { DrainOptions } from './drain-http-servers.js';
import { exitWhenIdle } from './exit-when-idle.js';
import { PROBE_TOKEN_ENV } from './worker-probe.js';
import { parseDrainWorkerMessage, workerFailedMessage } from './worker-protocol.js';

/** Sends a message to the cluster primary and resolves once it is written (or there is none). */
async function tellPrimary(message: object): Promise<void> {
  if (!process.send || !process.connected) return;
  await new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()));
}

/**
 * `ringmaster api-worker`: serves the REST API as a worker of the `ringmaster api` cluster primary
 * (standalone, it listens on its own). It drains when the primary says so, or on SIGINT/SIGTERM
 * (closing idle keep-alive connections too), then closes the app, the database and the Temporal
 * connection and exits 0. Throws what startApiServer throws, after telling the primary.
 */
export async function runApiWorker(settings: Settings, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { drainMs } = resolveApiClusterSettings(env);
  let server: ApiServer | undefined;
  let pending: DrainOptions | undefined;
  let exiting = false;

  const drain = (options: DrainOptions) => {
    if (!server) {
      // Asked before it listens: drain as soon as it does.
      pending = { deadlineMs: options.deadlineMs, closeIdle: options.closeIdle || pending?.closeIdle === true };
      return;
    }
    const { app } = server;
    if (!exiting) app.log.info({ pid: process.pid, closeIdle: options.closeIdle }, 'api worker draining');
    const drained = server.drain(options);
    if (exiting) return;
    exiting = true;
    const leave = (code: number) => {
      // Closes the channel to the primary, which otherwise keeps this process alive; a worker-side
      // disconnect also tells cluster not to exit at once, so pending log writes can finish.
      if (cluster.isWorker && cluster.worker?.isConnected()) cluster.worker.disconnect();
      exitWhenIdle(code);
    };
    drained.then(
      (outcome) => {
        app.log.info({ pid: process.pid, ms: outcome.durationMs, forced: outcome.forced }, 'api worker drained');
        leave(0);
      },
      (err: Error) => {
        app.log.error({ pid: process.pid, err }, 'api worker failed to close cleanly');
        leave(1);
      },
    );
  };
  process.on('message', (message: unknown) => {
    const request = parseDrainWorkerMessage(message);
    if (request) drain(request);
  });
  const onSignal = () => drain({ deadlineMs: drainMs, closeIdle: true });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    server = await startApiServer(settings, { probeToken: env[PROBE_TOKEN_ENV] });
  } catch (err) {
    await tellPrimary(workerFailedMessage(err));
    throw err;
  }
  if (pending) drain(pending);
}
