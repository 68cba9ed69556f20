import type { SettingsFlags } from '../../config/settings.js';
import { startApiServer } from '../../api/server.js';
import { settingsFrom } from '../settings-flags.js';

/** `ringmaster api`: serves the REST API until SIGINT/SIGTERM or the supervisor going away. */
export async function apiCommand(flags: SettingsFlags): Promise<void> {
  const server = await startApiServer(settingsFrom(flags));
  let closing: Promise<void> | undefined;
  const shutdown = () => {
    closing ??= server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  // Started by `ringmaster up`: the IPC channel closes if the supervisor dies; it must not keep us alive.
  process.channel?.unref();
  process.once('disconnect', shutdown);
}
