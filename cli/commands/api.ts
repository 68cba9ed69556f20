import { fileURLToPath } from 'node:url';
import type { SettingsFlags } from '../../config/settings.js';
import { settingsFrom } from '../settings-from.js';

// Each command loads only its own side: the primary stays small (no fastify, Temporal or SQLite),
// since it is the one API process that never reloads.

/**
 * `ringmaster api`: the cluster primary that keeps the API port and runs one worker serving the
 * REST API; reloads onto a new release on its parent's IPC message (ipc/api-reload-protocol.ts)
 * and drains until SIGINT/SIGTERM or the supervisor going away.
 */
export async function apiCommand(flags: SettingsFlags): Promise<void> {
  const { runApiPrimary } = await import('../../api/cluster/run-api-primary.js');
  const { WorkerStartError } = await import('../../api/cluster/api-primary.js');
  try {
    await runApiPrimary(settingsFrom(flags), { entry: fileURLToPath(new URL('../main.js', import.meta.url)) });
  } catch (err) {
    // The worker already printed why it could not start (`ringmaster: …`); say it once.
    if (err instanceof WorkerStartError && err.reportedByWorker) process.exit(1);
    throw err;
  }
}

/** `ringmaster api-worker` (hidden): serves the REST API as the worker of `ringmaster api`. */
export async function apiWorkerCommand(flags: SettingsFlags): Promise<void> {
  const { runApiWorker } = await import('../../api/cluster/run-api-worker.js');
  await runApiWorker(settingsFrom(flags));
}
