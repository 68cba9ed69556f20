import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { requestApiReload } from '../../ipc/api-ipc-client.js';
import { waitForApiReady } from '../support/api-ready.js';
import { openDatabase } from '../../store/open-database.js';
import { CLI_ENTRY, descendants, runCli, startCli, type RunningCli } from '../support/cli.js';
import { freePort } from '../support/free-port.js';
import { startLoad } from '../support/load.js';
import { eventually, isAlive, waitForExit } from '../support/processes.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { testRunEnv } from '../support/test-env.js';

// The compiled `ringmaster api` (cluster primary + API worker processes) against the run's Temporal.

/** Long enough that a worker which had to wait for its deadline fails the "drained" checks. */
const DRAIN_MS = 20_000;

let home: string;
let started: RunningCli[] = [];
beforeEach(() => {
  home = makeTempDir('ringmaster-api-reload-');
});
afterEach(async () => {
  for (const api of started) {
    const tree = api.child.pid ? descendants(api.child.pid) : [];
    if (api.child.exitCode === null && api.child.signalCode === null) api.child.kill('SIGKILL');
    for (const pid of tree) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    await api.exited;
  }
  started = [];
  removeDir(home);
});

function apiEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, TEMPORAL_ADDRESS: testRunEnv().temporalAddress, RINGMASTER_API_DRAIN_MS: String(DRAIN_MS), RINGMASTER_LOG_LEVEL: 'info', ...extra };
}

/** `ringmaster api` with an IPC channel, as the supervisor starts it. */
function startApiWithChannel(port: number): RunningCli & { child: ChildProcess } {
  const child = spawn(process.execPath, [CLI_ENTRY, 'api', '--home', home, '--port', String(port)], {
    env: apiEnv(),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const api = { child, output: () => output, exited };
  started.push(api);
  return api;
}

/** The JSON log lines of the API processes with this message. */
function logLines(output: string, msg: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.msg === msg);
}

async function answers(port: number): Promise<number | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { headers: { connection: 'close' } });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ringmaster api (cluster primary)', () => {
  it('reloads three times under load without failing a request, and keeps serving when a reload fails', async () => {
    const port = await freePort();
    const api = startApiWithChannel(port);
    const ready = await waitForApiReady(api.child);
    expect(ready.url).toBe(`http://127.0.0.1:${port}`);
    expect(descendants(api.child.pid!)).toEqual([ready.pid]);

    const token = fs.readFileSync(path.join(home, 'api-token'), 'utf8').trim();
    const load = await startLoad({ url: ready.url, paths: ['/health', '/api/tasks'], rate: 100, headers: { authorization: `Bearer ${token}` } });
    await sleep(1_500);
    let serving = ready.pid;
    const reloadMs: number[] = [];
    for (let reload = 1; reload <= 3; reload++) {
      const asked = Date.now();
      const { pid } = await requestApiReload(api.child, CLI_ENTRY);
      reloadMs.push(Date.now() - asked);
      expect(pid).not.toBe(serving);
      expect(isAlive(pid)).toBe(true);
      // Drained, not cut off at the deadline: keep-alive clients were told to reconnect.
      await waitForExit(serving, DRAIN_MS / 2);
      const drained = logLines(api.output(), 'api worker drained').find((entry) => entry.pid === serving);
      expect(drained).toMatchObject({ forced: false });
      serving = pid;
      await sleep(1_000);
    }

    const broken = path.join(home, 'broken-main.mjs');
    fs.writeFileSync(broken, 'process.exit(1);\n');
    await expect(requestApiReload(api.child, broken)).rejects.toThrow(`from ${broken} exited with code 1 before it served`);
    expect(descendants(api.child.pid!)).toEqual([serving]);
    await sleep(1_500);

    const summary = await load.stop();
    const rate = summary.requests / (summary.durationMs / 1000);
    console.log(
      `load during ${reloadMs.length} reloads (${reloadMs.join(', ')} ms) and 1 refused reload: ${summary.requests} requests in ${(summary.durationMs / 1000).toFixed(1)} s ` +
        `(${rate.toFixed(0)} req/s), errors ${summary.errors}, non-2xx ${summary.non2xx}, timeouts ${summary.timeouts}, ` +
        `latency p50 ${summary.latency.p50} ms, p99 ${summary.latency.p99} ms, max ${summary.latency.max} ms`,
    );
    expect(summary).toMatchObject({ errors: 0, dropped: 0, non2xx: 0, timeouts: 0, failures: [] });
    expect(Object.keys(summary.statusCodes)).toEqual(['200']);
    // The load was real (autocannon aims at 100 req/s; a loaded 2-core CI machine reaches 60+):
    // every request of it was answered, across the reloads.
    expect(summary.requests).toBeGreaterThan(500);

    const tree = descendants(api.child.pid!);
    api.child.kill('SIGTERM');
    expect(await api.exited).toBe(0);
    for (const pid of tree) await waitForExit(pid, 5_000);
  }, 180_000);

  it('restarts a worker that crashed, and stops with its workers when its parent dies with their stdout', async () => {
    const port = await freePort();
    const api = startApiWithChannel(port);
    const ready = await waitForApiReady(api.child);
    process.kill(ready.pid, 'SIGKILL');
    const replacement = await eventually(
      async () => {
        const [pid] = descendants(api.child.pid!);
        return pid !== undefined && pid !== ready.pid && (await answers(port)) === 200 ? pid : undefined;
      },
      'a replacement worker that answers',
      30_000,
    );
    expect(api.output()).toMatch(/api worker was killed by SIGKILL; no worker serves until its replacement is up/);

    // As when the supervisor is killed: the IPC channel and the pipes their logs go to close together.
    api.child.stdout!.destroy();
    api.child.stderr!.destroy();
    const parentGone = Date.now();
    api.child.disconnect();
    expect(await api.exited).toBe(0);
    await waitForExit(replacement, 5_000);
    // Drained and gone, not killed at the drain deadline with a write to the broken pipe still pending.
    expect(Date.now() - parentGone).toBeLessThan(DRAIN_MS / 2);
  }, 120_000);

  it('runs standalone without an IPC channel and stops on SIGTERM, leaving no process', async () => {
    const port = await freePort();
    const api = startCli(['api', '--home', home, '--port', String(port)], apiEnv());
    started.push(api);
    await eventually(async () => ((await answers(port)) === 200 ? true : undefined), '/health 200', 60_000);
    const tree = descendants(api.child.pid!);
    expect(tree).toHaveLength(1);
    api.child.kill('SIGTERM');
    expect(await api.exited).toBe(0);
    for (const pid of tree) await waitForExit(pid, 5_000);
  }, 120_000);

  it('refuses a port in use with one clear message and exit code 1, forking nothing', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const api = startCli(['api', '--home', home, '--port', String(port)], apiEnv());
      started.push(api);
      expect(await api.exited).toBe(1);
      expect(api.output()).toBe(`ringmaster: port ${port} on 127.0.0.1 is already in use; choose another with --port or RINGMASTER_PORT\n`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('exits 1 printing the worker error once when the first worker cannot start', async () => {
    expect(runCli(['migrate', '--home', home]).status).toBe(0);
    // Record a migration this version does not ship, as a newer Ringmaster would.
    const db = openDatabase(path.join(home, 'ringmaster.db'));
    db.prepare(`INSERT INTO schema_migrations VALUES (9999, 'future', 'x', 'now', 0)`).run();
    db.close();
    const api = startCli(['api', '--home', home, '--port', String(await freePort())], apiEnv({ RINGMASTER_LOG_LEVEL: 'warn' }));
    started.push(api);
    expect(await api.exited).toBe(1);
    const errors = api
      .output()
      .split('\n')
      .filter((line) => line.startsWith('ringmaster: '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^ringmaster: the database is at migration 9999 \(future\)/);
  });
});
