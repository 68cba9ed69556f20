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

/**
 * `tmux new-session -d -s <session> -P -F '#{pane_pid}' -e K=V… -- <argv…>`: runs argv directly
 * (no shell) in a detached session and prints its pid. The environment goes with `-e`, because a
 * tmux server that already runs would otherwise give the session its own.
 */
export function tmuxArgv(session: string, env: Readonly<Record<string, string | undefined>>, argv: readonly string[]): string[] {
  const vars = Object.entries(env)
    // Only plain names (no exported shell functions); TMUX* would point the worker at our terminal.
    .filter((entry): entry is [string, string] => entry[1] !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(entry[0]) && !entry[0].startsWith('TMUX'))
    .flatMap(([key, value]) => ['-e', `${key}=${value}`]);
  return ['new-session', '-d', '-s', session, '-x', '200', '-y', '50', '-P', '-F', '#{pane_pid}', ...vars, '--', ...argv];
}
