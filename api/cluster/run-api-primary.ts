import { createLogger } from '../../config/logger.js';
import { apiBaseUrl, settingsToEnv, type Settings } from '../../config/settings.js';
import { assertSafeBind } from '../auth.js';
import { createApiPrimary } from './api-primary.js';
import { resolveApiClusterSettings } from './cluster-settings.js';
import { exitWhenIdle } from './exit-when-idle.js';
import { assertApiAddressFree } from './listen-check.js';
import { ApiMessageType, parseApiReloadRequest, type ApiReadyMessage, type ApiReloadReply } from './reload-protocol.js';

export interface RunApiPrimaryOptions {
  /** CLI entry of the first worker: this build's own `dist/cli/main.js`. */
  entry: string;
  env?: NodeJS.ProcessEnv;
}

/** Sends to the parent, if there is one; a parent that went away is not an error here. */
function tellParent(message: ApiReadyMessage | ApiReloadReply): void {
  if (process.send && process.connected) process.send(message, undefined, {}, () => undefined);
}

/**
 * `ringmaster api`: a small node:cluster primary that holds the API port and forks one worker
 * (`api-worker`) that serves; it reloads onto a new release on the parent's `api:reload` message
 * (contract in reload-protocol.ts) and drains its workers on SIGINT/SIGTERM or when its parent's
 * IPC channel closes, then exits 0. Resolves once the first worker serves. Throws InsecureBindError
 * or ListenError before forking anything, and WorkerStartError when the first worker did not come up.
 */
export async function runApiPrimary(settings: Settings, options: RunApiPrimaryOptions): Promise<void> {
  const env = options.env ?? process.env;
  assertSafeBind(settings.host, settings.apiToken);
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

  let stopped: Promise<void> | undefined;
  const shutdown = (why: string) => {
    stopped ??= (async () => {
      logger.info(`${why}; draining the api workers`);
      await primary.stop();
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
