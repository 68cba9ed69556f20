import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { descendants, runCliAsync, startCli, type RunningCli } from '../support/cli.js';
import { freePort } from '../support/free-port.js';
import { eventually, waitForExit } from '../support/processes.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { testRunEnv } from '../support/test-env.js';

// Under the real `ringmaster up`, a worker spawned through the API (API worker → API primary →
// supervisor, over their IPC channels) is a supervised child: restarted when it crashes, drained
// by `worker stop`, and stopped with everything else.

interface Listed {
  id: string;
  pid: number | null;
  status: string;
  spawned: boolean;
  capabilities: string[];
}

let home: string;
let cli: RunningCli | undefined;
beforeEach(() => {
  home = makeTempDir('ringmaster-up-spawn-');
});
afterEach(async () => {
  if (cli && cli.child.exitCode === null) {
    cli.child.kill('SIGKILL');
    await cli.exited;
  }
  removeDir(home);
});

const parentOf = (pid: number) => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
};
const runState = () => JSON.parse(fs.readFileSync(path.join(home, 'run', 'supervisor.json'), 'utf8')) as { children: Record<string, { pid: number }> };

describe('ringmaster up with spawned workers', () => {
  it('supervises a spawned worker: lists it, restarts it after a crash, drains it on stop, stops it at shutdown', async () => {
    const [api, temporal, ui] = [await freePort(), await freePort(), await freePort()];
    cli = startCli(['up', '--home', home, '--port', String(api), '--temporal-port', String(temporal), '--temporal-ui-port', String(ui)], {
      ...process.env,
      RINGMASTER_TEMPORAL_BIN: testRunEnv().temporalBin,
    });
    const up = cli;
    await eventually(
      () => {
        if (up.child.exitCode !== null) throw new Error(`ringmaster up exited early:\n${up.output()}`);
        return up.output().includes('Press Ctrl-C to stop.') ? true : undefined;
      },
      'ringmaster up to be ready',
      120_000,
    );
    const client = (...args: string[]) => runCliAsync([...args, '--api-url', `http://127.0.0.1:${api}`], { ...process.env, RINGMASTER_HOME: home });
    const workers = async () => JSON.parse((await client('worker', 'ls', '--json')).stdout) as Listed[];

    const spawned = await client('worker', 'spawn', '--capability', 'gpu', '--json');
    expect(spawned.stderr).toBe('');
    const { id, pid } = JSON.parse(spawned.stdout) as { id: string; pid: number };
    expect(parentOf(pid)).toBe(up.child.pid);
    const live = await eventually(async () => (await workers()).find((w) => w.id === id && w.status === 'running'), 'the spawned worker to heartbeat', 30_000);
    expect(live).toMatchObject({ pid, spawned: true, capabilities: expect.arrayContaining(['command', 'gpu']) });
    // The supervisor's own worker is listed too, not spawned: it cannot be stopped through the API.
    const own = (await workers()).find((w) => !w.spawned);
    expect(own).toBeDefined();
    expect((await client('worker', 'stop', own!.id)).status).toBe(1);
    expect(runState().children[`worker-${id}`]?.pid).toBe(pid);

    // A crash: the supervisor starts it again, same host id.
    process.kill(pid, 'SIGKILL');
    const restarted = await eventually(
      async () => {
        const again = (await workers()).find((w) => w.id === id && w.status === 'running' && w.pid !== pid);
        return again?.pid ?? undefined;
      },
      'the spawned worker to be restarted',
      30_000,
    );
    expect(up.output()).toContain(`worker ${id} exited (SIGKILL); restarting`);

    expect((await client('worker', 'stop', id)).status).toBe(0);
    await waitForExit(restarted, 30_000);
    await eventually(() => (runState().children[`worker-${id}`] ? undefined : true), 'the run state to forget the stopped worker');

    // Shutdown stops spawned workers with the rest: nothing survives.
    const second = JSON.parse((await client('worker', 'spawn', '--json')).stdout) as { pid: number };
    const tree = descendants(up.child.pid!);
    expect(tree).toContain(second.pid);
    up.child.kill('SIGTERM');
    expect(await up.exited).toBe(0);
    for (const child of tree) await waitForExit(child, 5000);
  }, 240_000);
});
