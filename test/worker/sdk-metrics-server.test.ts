import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startCli, type RunningCli } from '../support/cli.js';
import { eventually } from '../support/processes.js';
import { workerEnv } from '../support/spawned-workers.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { uniqueTaskQueue } from '../support/test-env.js';
import { freePort } from '../support/free-port.js';
import { rawRequest } from '../support/http-request.js';
import { ensureInstallToken } from '../../access/install-token.js';

// A real `ringmaster worker` with RINGMASTER_WORKER_METRICS_PORT: the Temporal SDK's metrics of
// that process, behind the same Host, Origin and token checks as every Ringmaster port.

const metricsToken = 'm'.repeat(40);
let home: string;
let port: number;
let taskQueue: string;
let worker: RunningCli;

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await rawRequest({ port, path, headers: { host: `127.0.0.1:${port}`, authorization: `Bearer ${metricsToken}`, ...headers } });
  return { status: res.status, body: res.text };
}

beforeAll(async () => {
  home = makeTempDir('ringmaster-sdk-metrics-');
  port = await freePort();
  taskQueue = uniqueTaskQueue('sdk-metrics');
  // The data dir's install token, as `ringmaster up` leaves it: the port takes it too.
  ensureInstallToken(home, undefined);
  worker = startCli(['worker', '--slots', '3', '--host-id', 'metrics-host'], workerEnv(home, taskQueue, { RINGMASTER_WORKER_METRICS_PORT: String(port), RINGMASTER_METRICS_TOKEN: metricsToken }));
});

afterAll(async () => {
  if (worker.child.exitCode === null) {
    worker.child.kill('SIGTERM');
    await worker.exited;
  }
  removeDir(home);
});

describe("a worker's Temporal SDK metrics port", () => {
  it("serves the SDK's own metrics of that worker in the Prometheus format", async () => {
    const startQueues = ['', '-agents', '-slots', '-remote-agents', '-remote-slots', '-slots-metrics-host', '-host-metrics-host'];
    const slotsQueues = ['-slots', '-remote-slots', '-slots-metrics-host'];
    const value = (text: string, name: string, labels: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
      return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
    };
    const startLabels = (queue: string) => `task_queue="${taskQueue}${queue}"`;
    const slotsLabels = (queue: string) => `task_queue="${taskQueue}${queue}",worker_type="ActivityWorker"`;
    // The Workers of every queue start one after the other, and each reports its slots once it polls.
    const text = await eventually(
      async () => {
        const res = await get('/metrics').catch(() => undefined);
        if (res?.status !== 200) return undefined;
        const complete =
          startQueues.every((q) => value(res.body, 'temporal_worker_start', startLabels(q)) !== undefined) &&
          slotsQueues.every((q) => value(res.body, 'temporal_worker_task_slots_available', slotsLabels(q)) !== undefined);
        return complete ? res.body : undefined;
      },
      'the SDK metrics of every queue',
      30_000,
    );
    // One Temporal Worker per queue this process polls, each started once.
    for (const queue of startQueues) {
      expect([queue, value(text, 'temporal_worker_start', startLabels(queue))]).toEqual([queue, 1]);
    }
    // --slots 3: each slots queue's Worker takes at most 3 agent runs at once.
    for (const queue of slotsQueues) {
      expect([queue, value(text, 'temporal_worker_task_slots_available', slotsLabels(queue))]).toEqual([queue, 3]);
    }
    expect(value(text, 'temporal_request', 'operation="DescribeNamespace"')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^# TYPE temporal_request_latency histogram$/m);
  }, 60_000);

  it('checks the token, the Host and the Origin', async () => {
    expect((await get('/metrics', { authorization: '' })).status).toBe(401);
    expect((await get('/metrics', { authorization: `Bearer ${'x'.repeat(40)}` })).status).toBe(401);
    expect((await get('/metrics', { host: `evil.example:${port}` })).status).toBe(421);
    expect((await get('/metrics', { origin: 'http://evil.example' })).status).toBe(403);
    expect((await get('/metrics', { authorization: `Bearer ${ensureInstallToken(home, undefined)}` })).status).toBe(200);
    const other = await get('/api/tasks');
    expect(other.status).toBe(404);
    expect(JSON.parse(other.body)).toMatchObject({ error: { code: 'not_found' } });
  });
});
