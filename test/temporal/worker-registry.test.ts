import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import fs from 'node:fs';
import { encodeWorkerIdentity, MAX_IDENTITY_LENGTH, parseWorkerIdentity, WorkerIdentityError } from '../../temporal/worker-identity.js';
import { findWorkers, listLiveWorkers, listWorkers, liveProcessesFromHeartbeats, workersFromHeartbeats } from '../../temporal/worker-registry.js';
import { startCli } from '../support/cli.js';
import { eventually } from '../support/processes.js';
import { workerEnv } from '../support/spawned-workers.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { connectClient, openTestStore, startTestWorkers } from '../support/temporal.js';
import { uniqueTaskQueue } from '../support/test-env.js';

const { WORKER_STATUS_RUNNING: RUNNING, WORKER_STATUS_SHUTTING_DOWN: SHUTTING_DOWN, WORKER_STATUS_SHUTDOWN: SHUTDOWN } = proto.temporal.api.enums.v1.WorkerStatus;
const version = (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('worker identities', () => {
  const identity = { hostId: 'box-k3x9', pid: 4242, slots: 3, capabilities: ['command', 'claude-code', 'gpu', 'languages=python'], version: '0.1.0', commit: '4e868231f2be' };

  it('encodes what a worker says about itself and reads it back', () => {
    const text = encodeWorkerIdentity(identity);
    expect(text).toBe('ringmaster:box-k3x9:4242 slots=3 caps=command,claude-code,gpu,languages=python v=0.1.0 commit=4e868231f2be');
    expect(parseWorkerIdentity(text)).toEqual(identity);
  });

  it('reads newer identities (unknown keys skipped) and refuses foreign ones', () => {
    expect(parseWorkerIdentity('ringmaster:h:1 zone=eu slots=2 caps= v=0.2.0')).toEqual({ hostId: 'h', pid: 1, slots: 2, capabilities: [], version: '0.2.0', commit: '' });
    expect(parseWorkerIdentity('31260@vm')).toBeUndefined();
    expect(parseWorkerIdentity('ringmaster:no-pid slots=2')).toBeUndefined();
  });

  it('refuses an identity longer than Temporal takes', () => {
    const long = { ...identity, capabilities: Array.from({ length: 40 }, (_, i) => `label-number-${i}=${'v'.repeat(20)}`) };
    expect(() => encodeWorkerIdentity(long)).toThrow(WorkerIdentityError);
    expect(() => encodeWorkerIdentity(long)).toThrow(`more than Temporal's ${MAX_IDENTITY_LENGTH}`);
  });
});

describe('workersFromHeartbeats', () => {
  const now = Date.parse('2026-01-01T00:00:10Z');
  type Seconds = NonNullable<NonNullable<proto.temporal.api.worker.v1.IWorkerHeartbeat['heartbeatTime']>['seconds']>;
  // protobufjs types seconds as Long; decoded heartbeats may hold plain numbers, and the registry reads both.
  const secondsAgo = (n: number) => ({ seconds: (now / 1000 - n) as unknown as Seconds, nanos: 0 });
  const beat = (taskQueue: string, fields: Partial<proto.temporal.api.worker.v1.IWorkerHeartbeat> = {}): proto.temporal.api.worker.v1.IWorkerHeartbeat => ({
    workerIdentity: 'ringmaster:h1:100 slots=2 caps=command,gpu v=0.1.0 commit=abc',
    hostInfo: { hostName: 'vm', processId: '100' },
    taskQueue,
    status: RUNNING,
    heartbeatTime: secondsAgo(2),
    sdkVersion: '1.24.0',
    ...fields,
  });

  it('groups the Workers of one process and reads its identity and slots', () => {
    const workers = workersFromHeartbeats(
      [
        beat('rm'),
        beat('rm-slots', { activityTaskSlotsInfo: { currentUsedSlots: 1, currentAvailableSlots: 1 } }),
        beat('rm-slots-h1', { activityTaskSlotsInfo: { currentUsedSlots: 0, currentAvailableSlots: 2 } }),
        beat('rm-host-h1', { heartbeatTime: secondsAgo(1) }),
      ],
      { baseQueue: 'rm', now, staleAfterMs: 10_000 },
    );
    expect(workers).toEqual([
      {
        id: 'h1',
        hostName: 'vm',
        pid: 100,
        status: 'running',
        queues: ['rm', 'rm-host-h1', 'rm-slots', 'rm-slots-h1'],
        capabilities: ['command', 'gpu'],
        slots: { used: 1, total: 2 },
        runningTasks: [],
        lastHeartbeat: '2026-01-01T00:00:09.000Z',
        version: '0.1.0',
        commit: 'abc',
        sdkVersion: '1.24.0',
      },
    ]);
  });

  it("leaves out stale, stopped and other deployments' workers; marks a draining one", () => {
    const other = { hostInfo: { hostName: 'vm', processId: '200' }, workerIdentity: 'ringmaster:h2:200 slots=2 caps=command v=0.1.0' };
    expect(workersFromHeartbeats([beat('rm', { heartbeatTime: secondsAgo(11) })], { baseQueue: 'rm', now, staleAfterMs: 10_000 })).toEqual([]);
    expect(workersFromHeartbeats([beat('rm', { status: SHUTDOWN })], { baseQueue: 'rm', now, staleAfterMs: 10_000 })).toEqual([]);
    expect(workersFromHeartbeats([beat('rm-other'), beat('rm-other-host-h1')], { baseQueue: 'rm', now, staleAfterMs: 10_000 })).toEqual([]);
    const draining = workersFromHeartbeats([beat('rm'), beat('rm-slots', { status: SHUTTING_DOWN }), beat('rm', other)], { baseQueue: 'rm', now, staleAfterMs: 10_000 });
    expect(draining.map((w) => [w.id, w.status])).toEqual([
      ['h1', 'draining'],
      ['h2', 'running'],
    ]);
  });

  it('names a worker without a Ringmaster identity by its host queue, its slots by what the SDK reports', () => {
    const foreign = { workerIdentity: '31260@vm' };
    const [worker] = workersFromHeartbeats(
      [beat('rm', foreign), beat('rm-host-legacy', foreign), beat('rm-slots', { ...foreign, activityTaskSlotsInfo: { currentUsedSlots: 0, currentAvailableSlots: 4 } })],
      { baseQueue: 'rm', now, staleAfterMs: 10_000 },
    );
    expect(worker).toMatchObject({ id: 'legacy', capabilities: [], slots: { used: 0, total: 4 }, version: '' });
  });

  it('lists running processes of the given queues for liveProcessesFromHeartbeats, whatever their deployment', () => {
    const other = { hostInfo: { hostName: 'vm', processId: '200' }, workerIdentity: '31260@vm' };
    const beats = [beat('q1'), beat('q2', { heartbeatTime: secondsAgo(1) }), beat('q1', other), beat('q1', { hostInfo: { hostName: 'vm', processId: '300' }, status: SHUTTING_DOWN }), beat('q3')];
    expect(liveProcessesFromHeartbeats(beats, { taskQueues: ['q1', 'q2'], now, staleAfterMs: 10_000 })).toEqual([
      {
        identity: 'ringmaster:h1:100 slots=2 caps=command,gpu v=0.1.0 commit=abc',
        hostName: 'vm',
        pid: 100,
        taskQueues: ['q1', 'q2'],
        sdkVersion: '1.24.0',
        lastHeartbeat: '2026-01-01T00:00:09.000Z',
      },
      { identity: '31260@vm', hostName: 'vm', pid: 200, taskQueues: ['q1'], sdkVersion: '1.24.0', lastHeartbeat: '2026-01-01T00:00:08.000Z' },
    ]);
    expect(liveProcessesFromHeartbeats(beats, { taskQueues: ['q1'], now: now + 60_000, staleAfterMs: 10_000 })).toEqual([]);
  });
});

describe('listWorkers / findWorkers against the cluster', () => {
  let connection: Connection;
  let home: string;
  beforeAll(async () => {
    connection = await connectClient();
    home = makeTempDir('ringmaster-registry-');
  });
  afterAll(async () => {
    await connection?.close();
    removeDir(home);
  });

  it('sees a real `ringmaster worker` with its labels, agent slots and version, finds it by capability, and drops it once it drained', async () => {
    const taskQueue = uniqueTaskQueue('registry');
    const worker = startCli(['worker', '--labels', 'gpu,languages=python', '--slots', '3', '--host-id', 'labelled-host'], workerEnv(home, taskQueue));
    try {
      const options = { namespace: 'default', baseQueue: taskQueue, tasksOnHost: (id: string) => (id === 'labelled-host' ? ['t1'] : []) };
      const seenAt = Date.now();
      const [live] = await eventually(
        async () => {
          const list = await listWorkers(connection, options);
          // Its Temporal Workers (one per queue) start, and heartbeat, one after the other.
          return list.some((w) => w.queues.includes(taskQueue) && w.queues.includes(`${taskQueue}-host-labelled-host`)) ? list : undefined;
        },
        'the worker to heartbeat on every queue it polls',
        30_000,
      );
      console.log(`worker listed ${Date.now() - seenAt} ms after its start`);
      expect(live).toMatchObject({ id: 'labelled-host', pid: worker.child.pid, status: 'running', slots: { used: 0, total: 3 }, runningTasks: ['t1'], version, sdkVersion: '1.24.0' });
      expect(live!.capabilities).toEqual(expect.arrayContaining(['command', 'gpu', 'languages=python']));
      expect(live!.queues).toEqual(expect.arrayContaining([taskQueue, `${taskQueue}-host-labelled-host`]));

      expect((await findWorkers(connection, { ...options, requires: ['gpu', 'languages=python'] })).map((w) => w.id)).toEqual(['labelled-host']);
      expect(await findWorkers(connection, { ...options, requires: ['gpu', 'cuda'] })).toEqual([]);
      expect(await findWorkers(connection, { ...options, baseQueue: uniqueTaskQueue('elsewhere'), requires: [] })).toEqual([]);

      // Drained, it no longer takes work: findWorkers skips it at once, listWorkers once it is gone.
      worker.child.kill('SIGUSR2');
      expect(await worker.exited).toBe(0);
      expect(await findWorkers(connection, { ...options, requires: ['gpu'] })).toEqual([]);
      await eventually(async () => ((await listWorkers(connection, options)).length === 0 ? true : undefined), 'the drained worker to drop out', 20_000);
    } finally {
      if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    }
  }, 90_000);
});

describe('listLiveWorkers against the cluster', () => {
  let connection: Connection;
  let home: string;
  beforeAll(async () => {
    connection = await connectClient();
    home = makeTempDir();
  });
  afterAll(async () => {
    await connection?.close();
    removeDir(home);
  });

  it('sees a running worker through its heartbeats and drops it once it shut down', async () => {
    const taskQueue = uniqueTaskQueue('live');
    const { db, store } = openTestStore(home);
    const workers = await startTestWorkers(taskQueue, { home, store });
    const options = { namespace: 'default', taskQueues: [taskQueue], staleAfterMs: 10_000 };
    try {
      await workers.runUntil(async () => {
        const live = await eventually(async () => (await listLiveWorkers(connection, options))[0], 'the worker heartbeat', 20_000);
        expect(live).toMatchObject({ pid: process.pid, taskQueues: [taskQueue], sdkVersion: '1.24.0' });
        expect(Date.now() - Date.parse(live.lastHeartbeat)).toBeLessThan(10_000);
        // The same heartbeat seen from a minute later is stale.
        expect(await listLiveWorkers(connection, { ...options, now: Date.now() + 60_000 })).toEqual([]);
        // Other task queues do not count.
        expect(await listLiveWorkers(connection, { ...options, taskQueues: ['some-other-queue'] })).toEqual([]);
      });
      await eventually(async () => ((await listLiveWorkers(connection, options)).length === 0 ? true : undefined), 'the worker to drop out', 20_000);
    } finally {
      await workers.close();
      db.close();
    }
  });
});
