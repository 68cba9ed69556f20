// How a spawned worker is started, as pure functions: argv arrays, never a shell string.

/** Longest host id resolveHostId keeps as it is. */
const MAX_HOST_ID = 40;

/**
 * A fresh host id for a spawned worker: `<parentHostId>-w<suffix>`, so its worktrees and host task
 * queue are its own and people can tell whose it is. `suffix` is a few random base-36 characters.
 */
export function spawnedWorkerId(parentHostId: string, suffix: string): string {
  const tail = `-w${suffix.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
  return `${parentHostId.slice(0, MAX_HOST_ID - tail.length).replace(/-+$/, '')}${tail}`;
}

/** The tmux session of a spawned worker (tmux names may not hold `.` or `:`). */
export function tmuxSessionName(workerId: string): string {
  return `ringmaster-${workerId.replace(/[.:]/g, '-')}`;
}

/** `node <entry> worker --host-id <id> --slots <n> [--labels a,b]`. */
export function workerArgv(options: { node: string; entry: string; id: string; slots: number; capabilities: readonly string[] }): string[] {
  const labels = options.capabilities.length ? ['--labels', options.capabilities.join(',')] : [];
  return [options.node, options.entry, 'worker', '--host-id', options.id, '--slots', String(options.slots), ...labels];
}

/** The variable that names a worker's private environment file (read once at start, then deleted). */
export const ENV_FILE_VARIABLE = 'RINGMASTER_ENV_FILE';

/**
 * `tmux new-session -d -s <session> -P -F '#{pane_pid}' -e RINGMASTER_ENV_FILE=<file> -- <argv…>`:
 * runs argv directly (no shell) in a detached session and prints its pid. The environment itself
 * is in `envFile` (mode 0600), never on a command line, where every user of the machine could read it.
 */
export function tmuxArgv(session: string, envFile: string, argv: readonly string[]): string[] {
  return ['new-session', '-d', '-s', session, '-x', '200', '-y', '50', '-P', '-F', '#{pane_pid}', '-e', `${ENV_FILE_VARIABLE}=${envFile}`, '--', ...argv];
}
