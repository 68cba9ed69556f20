import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { TASK_QUEUE } from '../../model/task-queues.js';
import { WorkflowType, type PingResult } from '../../model/workflow-types.js';
import { descendants, startCli, type RunningCli } from '../support/cli.js';
import { freePort } from '../support/free-port.js';
import { eventually, isAlive, waitForExit } from '../support/processes.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { testRunEnv } from '../support/test-env.js';

// The real `ringmaster up` (compiled CLI, real dev server, real worker and API processes).

interface Health {
  status: string;
  temporal: { status: string; address: string };
  workers: { count: number; list: { pid: number }[] };
}

let home: string;
let running: RunningCli[] = [];
beforeEach(() => {
  home = makeTempDir('ringmaster-up-');
});
afterEach(async () => {
  for (const cli of running) {
    if (cli.child.exitCode === null) {
      cli.child.kill('SIGKILL');
      await cli.exited;
    }
  }
  running = [];
  removeDir(home);
});

async function ports() {
  return { api: await freePort(), temporal: await freePort(), ui: await freePort() };
}

function up(args: string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  const cli = startCli(['up', '--home', home, ...args], { ...process.env, RINGMASTER_TEMPORAL_BIN: testRunEnv().temporalBin, ...env });
  running.push(cli);
  return cli;
}

async function health(apiPort: number): Promise<{ code: number; body: Health } | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${apiPort}/health`);
    return { code: res.status, body: (await res.json()) as Health };
  } catch {
    return undefined;
  }
}

async function healthy(cli: RunningCli, apiPort: number): Promise<Health> {
  return eventually(
    async () => {
      if (cli.child.exitCode !== null) throw new Error(`ringmaster up exited early:\n${cli.output()}`);
      const res = await health(apiPort);
      return res?.code === 200 && res.body.status === 'ok' ? res.body : undefined;
    },
    '/health 200 ok',
    120_000,
  );
}

function runState(): { pid: number; children: Record<string, { pid: number }> } {
  return JSON.parse(fs.readFileSync(path.join(home, 'run', 'supervisor.json'), 'utf8')) as { pid: number; children: Record<string, { pid: number }> };
}

async function stopAndCheckNothingSurvives(cli: RunningCli, signals: NodeJS.Signals[] = ['SIGTERM']): Promise<void> {
  const tree = descendants(cli.child.pid!);
  expect(tree.length).toBeGreaterThanOrEqual(2);
  for (const signal of signals) cli.child.kill(signal);
  expect(await cli.exited).toBe(0);
  expect(cli.output()).toContain('Ringmaster stopped.');
  for (const pid of tree) await waitForExit(pid, 5000);
  expect(fs.existsSync(path.join(home, 'run', 'supervisor.json'))).toBe(false);
}

describe('ringmaster up', () => {
  it('brings up Temporal, the Web UI, the worker and the API, restarts a killed worker and stops cleanly', async () => {
    const p = await ports();
    const cli = up(['--port', String(p.api), '--temporal-port', String(p.temporal), '--temporal-ui-port', String(p.ui)]);
    const first = await healthy(cli, p.api);
    expect(first.temporal).toMatchObject({ status: 'ok', address: `127.0.0.1:${p.temporal}` });
    await eventually(() => (cli.output().includes('Press Ctrl-C to stop.') ? true : undefined), 'the banner');
    expect(cli.output()).toContain(`API            http://127.0.0.1:${p.api}`);
    expect(cli.output()).toContain(`OpenAPI docs   http://127.0.0.1:${p.api}/docs`);
    expect(cli.output()).toContain(`Temporal UI    http://127.0.0.1:${p.ui}`);
    expect((await fetch(`http://127.0.0.1:${p.ui}/`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${p.api}/docs`)).status).toBe(200);
    expect(fs.existsSync(path.join(home, 'temporal.db'))).toBe(true);

    const state = runState();
    expect(Object.keys(state.children)).toEqual(['temporal', 'worker', 'api']);
    const workerPid = state.children.worker!.pid;
    expect(first.workers.list.map((w) => w.pid)).toContain(workerPid);

    // A trivial workflow runs through the supervised worker on the ringmaster task queue.
    const connection = await Connection.connect({ address: `127.0.0.1:${p.temporal}` });
    try {
      const result = await new Client({ connection }).workflow.execute<(i: { message: string }) => Promise<PingResult>>(WorkflowType.ping, {
        taskQueue: TASK_QUEUE,
        workflowId: `smoke-${Date.now()}`,
        args: [{ message: 'smoke' }],
      });
      expect(result.message).toBe('smoke');
      expect(result.worker.pid).toBe(workerPid);
    } finally {
      await connection.close();
    }

    // A second supervisor on the same data dir is refused.
    const other = await ports();
    const second = up(['--port', String(other.api), '--temporal-port', String(other.temporal), '--temporal-ui-port', String(other.ui)]);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain('Ringmaster is already running on this data dir');

    // SIGKILL the worker: the supervisor restarts it and /health lists the new one.
    process.kill(workerPid, 'SIGKILL');
    const killedAt = Date.now();
    const replacement = await eventually(
      async () => {
        const pid = runState().children.worker?.pid;
        if (!pid || pid === workerPid) return undefined;
        const res = await health(p.api);
        return res?.body.workers.list.some((w) => w.pid === pid) ? pid : undefined;
      },
      'the restarted worker in /health',
      30_000,
    );
    console.log(`worker ${workerPid} SIGKILLed; replacement ${replacement} listed by /health after ${Date.now() - killedAt} ms`);
    expect(cli.output()).toContain('[supervisor] worker exited (SIGKILL); restarting');

    await stopAndCheckNothingSurvives(cli);
    expect(isAlive(state.children.temporal!.pid)).toBe(false);
  });

  it('uses an existing Temporal cluster from TEMPORAL_ADDRESS and starts no server of its own', async () => {
    const api = await freePort();
    const address = testRunEnv().temporalAddress;
    const cli = up(['--port', String(api)], { TEMPORAL_ADDRESS: address });
    const report = await healthy(cli, api);
    expect(report.temporal).toMatchObject({ status: 'ok', address });
    expect(Object.keys(runState().children)).toEqual(['worker', 'api']);
    expect(cli.output()).toContain(`Using the Temporal cluster at ${address}`);
    expect(fs.existsSync(path.join(home, 'temporal.db'))).toBe(false);
    // Ctrl-C under `npm start` arrives twice at once (terminal + npm): still an orderly stop.
    await stopAndCheckNothingSurvives(cli, ['SIGINT', 'SIGINT']);
    expect(cli.output()).not.toContain('killing all processes now');
  });

  it('refuses a port that is already in use, naming it, without starting anything', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      const p = await ports();
      const cli = up(['--port', String(p.api), '--temporal-port', String(taken), '--temporal-ui-port', String(p.ui)]);
      expect(await cli.exited).toBe(1);
      expect(cli.output()).toContain(`ringmaster: port ${taken} on 127.0.0.1 is already in use (--temporal-port / RINGMASTER_TEMPORAL_PORT)`);
      expect(cli.output()).not.toContain('Starting Temporal');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('recovers after the supervisor itself was SIGKILLed: leftovers are stopped and the next start works', async () => {
    const p = await ports();
    const args = ['--port', String(p.api), '--temporal-port', String(p.temporal), '--temporal-ui-port', String(p.ui)];
    const crashed = up(args);
    await healthy(crashed, p.api);
    const { children } = runState();
    crashed.child.kill('SIGKILL');
    await crashed.exited;
    // The worker and the API notice that their supervisor is gone (IPC channel closed) and stop.
    await waitForExit(children.worker!.pid, 60_000);
    await waitForExit(children.api!.pid, 15_000);
    // The dev server cannot notice; the next start stops it, since it holds the database.
    expect(isAlive(children.temporal!.pid)).toBe(true);

    const next = up(args);
    await healthy(next, p.api);
    expect(next.output()).toContain('Stopped processes left by a previous run that did not shut down: temporal');
    expect(isAlive(children.temporal!.pid)).toBe(false);
    await stopAndCheckNothingSurvives(next);
  });
});
