import type { SettingsFlags } from '../../config/settings.js';
import { runWorker } from '../../worker/run-worker.js';
import { settingsFrom } from '../settings-flags.js';

/** `ringmaster worker`: runs a Temporal worker on the `ringmaster` task queue until a signal. */
export async function workerCommand(flags: SettingsFlags): Promise<void> {
  await runWorker(settingsFrom(flags));
}
