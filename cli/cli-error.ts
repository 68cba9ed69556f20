import { ConfigError } from '../config/config-error.js';

/** Thrown by a command for input it cannot use; printed as it is. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Errors whose message is meant for the user as it is: no stack trace. */
const USER_FACING = new Set([
  ConfigError.name,
  'PortInUseError',
  'AlreadyRunningError',
  'TemporalCliNotFoundError',
  'AiderInstallError',
  'MigrationError',
  'StartupError',
  'ListenError',
  'NotReadyError',
  'ApiClientError',
  'UsageError',
  'SelfHostingError',
  'WorkerStartError',
  'BackupError',
  'DamagedDatabaseError',
]);

/** Renders an error for stderr: its message for known errors, plus the stack when RINGMASTER_DEBUG is set. */
export function formatCliError(err: unknown, env: NodeJS.ProcessEnv = process.env): string {
  const error = err instanceof Error ? err : new Error(String(err));
  if (env.RINGMASTER_DEBUG) return `ringmaster: ${error.stack ?? error.message}`;
  const hint = USER_FACING.has(error.name) ? '' : '\n(set RINGMASTER_DEBUG=1 to see the stack trace)';
  return `ringmaster: ${error.message}${hint}`;
}
