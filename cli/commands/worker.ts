import type { Command } from 'commander';
import type { Static } from 'typebox';
import type { SpawnedWorkerView, WorkerView } from '../../api/schemas/worker-schemas.js';
import type { SettingsFlags } from '../../config/settings.js';
import { UsageError } from '../cli-error.js';
import { clientFrom, withClientFlags, type ClientFlags } from '../client/client-from-flags.js';
import { renderTable } from '../format/table.js';
import { withSettingsFlags } from '../settings-flags.js';
import { SUPERVISED_WORKER_ENV } from '../../supervisor/supervised-worker-env.js';

type SpawnedWorker = Static<typeof SpawnedWorkerView>;

/** `12s ago`, `3m ago`; `never` before the first heartbeat. */
function age(iso: string | null, now = Date.now()): string {
  if (!iso) return 'never';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return seconds < 120 ? `${seconds}s ago` : `${Math.round(seconds / 60)}m ago`;
}

/** The workers as a table, one line each. */
export function workersTable(workers: readonly WorkerView[]): string {
  if (workers.length === 0) return 'No live workers.';
  return renderTable(
    ['ID', 'STATUS', 'SLOTS', 'CAPABILITIES', 'TASKS', 'HEARTBEAT', 'VERSION', 'PID', 'SPAWNED'],
    workers.map((w) => [
      w.id,
      w.status,
      `${w.slots.used}/${w.slots.total}`,
      w.capabilities.join(',') || '-',
      w.runningTasks.join(',') || '-',
      age(w.lastHeartbeat),
      w.version || '-',
      `${w.pid ?? '-'}@${w.hostName}`,
      w.spawned ? (w.tmuxSession ? `tmux ${w.tmuxSession}` : 'yes') : 'no',
    ]),
    80,
  );
}

const collect = (value: string, previous: string[]) => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];

/** Checks `--control` and the token a host worker needs; throws UsageError naming what is wrong. */
function controlAddress(raw: string, token: string | undefined): { url: string; token: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--control must be the control plane's API URL, e.g. https://ringmaster.example.com, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--control must be an http(s) URL, got "${raw}"`);
  if (!token) throw new UsageError('--control needs RINGMASTER_API_TOKEN: a token of a user with the host role (on the control plane: ringmaster user add <name> --role host)');
  return { url: url.toString().replace(/\/+$/, ''), token };
}

/**
 * `ringmaster worker` runs a worker (as always); `worker ls`, `worker spawn` and `worker stop <id>`
 * list, start and drain workers through the API.
 */
export function registerWorkerCommands(program: Command): void {
  const worker = withSettingsFlags(program.command('worker'))
    .description('run a Temporal worker on the ringmaster task queue (started by `up`; run it on more hosts to scale); `worker ls|spawn|stop` manage workers through the API')
    .option('--slots <n>', 'agent slots: how many agents it runs at once (env RINGMASTER_AGENT_SLOTS, default 2)')
    .option('--labels <list>', 'capabilities besides the agent CLIs it finds, comma-separated, e.g. gpu,languages=python (env RINGMASTER_WORKER_LABELS)')
    .option('--host-id <id>', "this worker's host id (env RINGMASTER_HOST_ID; default: the one stored in the data dir)")
    .option('--control <api-url>', 'a host worker of the control plane at this URL (token: RINGMASTER_API_TOKEN, a user with the host role): no database here, only agents, worktrees and logs')
    // With the program's: `worker spawn --slots 3` is the subcommand's --slots, not the worker's.
    .enablePositionalOptions()
    .action(async (flags: SettingsFlags & { hostId?: string; control?: string }) => {
      const { settingsFrom } = await import('../settings-from.js');
      const settings = settingsFrom(flags);
      const control = flags.control === undefined ? undefined : controlAddress(flags.control, settings.apiToken);
      // A host worker runs under its own small supervisor, which restarts it and rolls it onto new releases.
      if (control && !process.env[SUPERVISED_WORKER_ENV]) {
        const { superviseHostWorker } = await import('../../supervisor/host-supervisor.js');
        const workerArgs = process.argv.slice(process.argv.indexOf('worker'));
        await superviseHostWorker({ settings, cliEntry: process.argv[1]!, workerArgs, hostId: flags.hostId, say: (line) => console.log(line) });
        return;
      }
      const { runWorker } = await import('../../worker/run-worker.js');
      await runWorker(settings, { hostId: flags.hostId, control });
    });

  withClientFlags(worker.command('ls'))
    .description('list the live workers: host id, status, agent slots used/total, capabilities, running tasks, last heartbeat, version')
    .action(async (flags: ClientFlags) => {
      const { items } = await clientFrom(flags).get<{ items: WorkerView[] }>('/api/workers');
      console.log(flags.json ? JSON.stringify(items, null, 2) : workersTable(items));
    });

  withClientFlags(worker.command('spawn'))
    .description('start another worker process on the API host (a child of `ringmaster up`), with a fresh host id')
    .option('--capability <name>', 'a label it advertises, e.g. gpu or languages=python (repeat, or comma-separate)', collect, [])
    .option('--slots <n>', 'agent slots (default 2)')
    .option('--tmux', 'run it in a tmux session named after it, to attach and watch')
    .action(async (flags: ClientFlags & { capability: string[]; slots?: string; tmux?: boolean }) => {
      const slots = flags.slots === undefined ? undefined : Number(flags.slots);
      if (slots !== undefined && !(Number.isInteger(slots) && slots > 0)) throw new UsageError(`--slots must be a positive whole number, got "${flags.slots}"`);
      const spawned = await clientFrom(flags).post<SpawnedWorker>('/api/workers/spawn', {
        ...(flags.capability.length ? { capabilities: [...new Set(flags.capability)] } : {}),
        ...(slots !== undefined ? { slots } : {}),
        ...(flags.tmux ? { tmux: true } : {}),
      });
      if (flags.json) return console.log(JSON.stringify(spawned, null, 2));
      const where = spawned.tmuxSession ? `; watch it with: tmux attach -t ${spawned.tmuxSession}` : spawned.logFile ? `; its log: ${spawned.logFile}` : '';
      console.log(`Spawned worker ${spawned.id} (pid ${spawned.pid ?? '?'}, ${spawned.slots} slots${spawned.capabilities.length ? `, ${spawned.capabilities.join(',')}` : ''})${where}`);
    });

  withClientFlags(worker.command('stop <id>'))
    .description('drain a worker this Ringmaster spawned: it takes no new task, lets running agents and the tasks it holds finish, then exits')
    .action(async (id: string, flags: ClientFlags) => {
      const stopped = await clientFrom(flags).delete<SpawnedWorker>(`/api/workers/${encodeURIComponent(id)}`);
      console.log(flags.json ? JSON.stringify(stopped, null, 2) : `Worker ${stopped.id} is draining: it takes no new task and exits once the tasks it holds are done.`);
    });
}
