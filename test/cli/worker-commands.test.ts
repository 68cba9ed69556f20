import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LocalWorkerSpawner } from '../../supervisor/local-worker-spawner.js';
import { runCliAsync, startCli } from '../support/cli.js';
import { freePort } from '../support/free-port.js';
import { eventually, waitForExit } from '../support/processes.js';
import { startTestSpawner, workerEnv } from '../support/spawned-workers.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { uniqueTaskQueue } from '../support/test-env.js';

// `ringmaster worker ls|spawn|stop`, run as a user runs them, against a real API listening on a
// port that spawns real worker processes.

let home: string;
let spawner: LocalWorkerSpawner;
let api: TestApp;
let apiUrl: string;
beforeAll(async () => {
  home = makeTempDir('ringmaster-worker-cli-');
  const taskQueue = uniqueTaskQueue('worker-cli');
  spawner = startTestSpawner(home, taskQueue, { parentHostId: 'cli' });
  const port = await freePort();
  api = await startTestApp(home, { taskQueue, workerTaskQueues: [taskQueue], workerSpawner: spawner }, { port });
  await api.app.listen({ host: '127.0.0.1', port });
  apiUrl = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await spawner?.close();
  await api?.close();
  removeDir(home);
});

const cli = (...args: string[]) => runCliAsync([...args, '--api-url', apiUrl], { ...process.env, RINGMASTER_HOME: home });

describe('ringmaster worker ls / spawn / stop', () => {
  it('spawns a worker, lists it, and stops it', async () => {
    expect(await cli('worker', 'ls')).toEqual({ status: 0, stdout: 'No live workers.\n', stderr: '' });

    // --slots after `spawn` is the subcommand's, not the worker's own flag.
    const spawned = await cli('worker', 'spawn', '--capability', 'gpu', '--capability', 'languages=python', '--slots', '3');
    expect(spawned.stderr).toBe('');
    expect(spawned.status).toBe(0);
    const match = /^Spawned worker (cli-w[0-9a-f]{4}) \(pid (\d+), 3 slots, gpu,languages=python\); its log: (\S+)$/m.exec(spawned.stdout);
    expect(match).not.toBeNull();
    const [, id, pid] = match!;

    const listed = await eventually(
      async () => {
        const { stdout } = await cli('worker', 'ls', '--json');
        return (JSON.parse(stdout) as { id: string; status: string }[]).find((w) => w.id === id && w.status === 'running');
      },
      'the spawned worker to show up running',
      30_000,
    );
    expect(listed).toMatchObject({ pid: Number(pid), slots: { used: 0, total: 3 }, spawned: true });
    const table = await cli('worker', 'ls');
    expect(table.stdout).toMatch(/^ID\s+STATUS\s+SLOTS\s+CAPABILITIES\s+TASKS\s+HEARTBEAT\s+VERSION\s+PID\s+SPAWNED$/m);
    expect(table.stdout).toMatch(new RegExp(`^${id}\\s+running\\s+0/3\\s+\\S*command,gpu,languages=python\\s+-\\s+\\d+s ago\\s+\\d+\\.\\d+\\.\\d+\\S*\\s+${pid}@\\S+\\s+yes$`, 'm'));

    const stopped = await cli('worker', 'stop', id!);
    expect(stopped).toEqual({ status: 0, stdout: `Worker ${id} is draining: it takes no new task and exits once the tasks it holds are done.\n`, stderr: '' });
    await waitForExit(Number(pid), 30_000);
  }, 90_000);

  it('prints one line on stderr and exits 1 when something is wrong', async () => {
    expect(await cli('worker', 'stop', 'nobody')).toEqual({ status: 1, stdout: '', stderr: "ringmaster: no worker with id 'nobody'\n" });
    expect(await cli('worker', 'spawn', '--slots', '0')).toEqual({ status: 1, stdout: '', stderr: 'ringmaster: --slots must be a positive whole number, got "0"\n' });
    const bad = await cli('worker', 'spawn', '--capability', 'has space');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^ringmaster: body\.capabilities\.0 must match pattern .*\n$/);
    expect(await spawner.list()).toEqual([]);
    const unreachable = await runCliAsync(['worker', 'ls', '--api-url', 'http://127.0.0.1:1']);
    expect(unreachable.status).toBe(1);
    expect(unreachable.stderr).toMatch(/^ringmaster: cannot reach the Ringmaster API at http:\/\/127\.0\.0\.1:1 .*\n$/);
  });

  it('spawns through `ringmaster api` without a supervisor: its cluster primary starts the worker and stops it on shutdown', async () => {
    const apiHome = makeTempDir('ringmaster-worker-cli-api-');
    const port = await freePort();
    const server = startCli(['api', '--port', String(port)], workerEnv(apiHome, uniqueTaskQueue('worker-cli-api')));
    try {
      const url = `http://127.0.0.1:${port}`;
      await eventually(async () => ((await fetch(`${url}/health`).catch(() => undefined))?.status ? true : undefined), 'the API to answer', 60_000);
      const apiEnv = { ...process.env, RINGMASTER_HOME: apiHome };
      const spawned = await runCliAsync(['worker', 'spawn', '--json', '--api-url', url], apiEnv);
      expect(spawned.stderr).toBe('');
      const { id, pid } = JSON.parse(spawned.stdout) as { id: string; pid: number };
      await eventually(
        async () => {
          const { stdout } = await runCliAsync(['worker', 'ls', '--json', '--api-url', url], apiEnv);
          return (JSON.parse(stdout) as { id: string; status: string }[]).some((w) => w.id === id && w.status === 'running') ? true : undefined;
        },
        'the worker spawned by the API to heartbeat',
        30_000,
      );
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      await waitForExit(pid, 5_000);
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
      removeDir(apiHome);
    }
  }, 90_000);
});
