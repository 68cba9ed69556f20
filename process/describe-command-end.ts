import type { ProcessExit } from './run-process.js';

/** The time limit of every project command (setup, test, build, reload, replay gate). */
export const PROJECT_COMMAND_TIMEOUT_MS = 60 * 60_000;
/** How much of a failed project command's output its failure quotes. */
export const FAILURE_TAIL = { lines: 60, chars: 6000 } as const;

/**
 * How a project command ended, in the words every failure uses: `exit 2`, `signal SIGKILL`,
 * `timed out after 60 minutes`, or why it could not start.
 */
export function describeCommandEnd(end: ProcessExit | { startError: string }, timeoutMs = PROJECT_COMMAND_TIMEOUT_MS): string {
  if ('startError' in end) return end.startError;
  if (end.timedOut) return `timed out after ${formatDuration(timeoutMs)}`;
  if (end.exitCode !== null) return `exit ${end.exitCode}`;
  return end.signal !== null ? `signal ${end.signal}` : 'no exit status';
}

function formatDuration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;
  return `${Math.round(ms / 100) / 10} s`;
}
