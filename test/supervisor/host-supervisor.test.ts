import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Connection } from '@temporalio/client';
import { hostTaskQueue } from '../../model/task-queues.js';
import { listLiveWorkers } from '../../temporal/worker-registry.js';
import { descendants, startCli, type RunningCli } from '../support/cli.js';
import { eventually, isAlive, waitForExit } from '../support/processes.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { testRunEnv, uniqueTaskQueue } from '../support/test-env.js';

// `ringmaster worker --control` runs its worker as the child of a small supervisor: a worker that
// crashes is started again, and SIGTERM stops both. (Its rolling restart onto a release is in
// test/cluster/self-hosting-hosts.test.ts.)

let home: string;
let connection: Connection;
let supervisor: RunningCli;
const taskQueue = uniqueTaskQueue('host-supervisor');
const hostQueue = hostTaskQueue('supervised-host', taskQueue);

beforeAll(async () => {
  home = makeTempDir('ringmaster-host-supervisor-');
  connection = await Connection.connect({ address: testRunEnv().temporalAddress });
});
afterAll(async () => {
  if (supervisor?.child.exitCode === null) {
    for (const pid of [supervisor.child.pid!, ...descendants(supervisor.child.pid!)]) process.kill(pid, 'SIGKILL');
    await supervisor.exited;
  }
  await connection.close();
  removeDir(home);
});

/** The pids of the workers polling this host's queue, from their heartbeats to Temporal. */
const workerPids = async () => (await listLiveWorkers(connection, { namespace: 'default', taskQueues: [hostQueue], staleAfterMs: 10_000 })).map((w) => w.pid);

describe('the host supervisor', () => {
  it('starts its worker again after a crash, and stops it with itself on SIGTERM', async () => {
    // Nothing here calls the control plane: the worker reaches it only for tasks.
    supervisor = startCli(['worker', '--control', 'http://127.0.0.1:9'], {
      ...process.env,
      TEMPORAL_ADDRESS: testRunEnv().temporalAddress,
      RINGMASTER_HOME: home,
      RINGMASTER_TASK_QUEUE: taskQueue,
      RINGMASTER_HOST_ID: 'supervised-host',
      RINGMASTER_API_TOKEN: 'a-host-token-the-worker-never-needs-here',
      RINGMASTER_LOG_LEVEL: 'warn',
    });
    const [first] = await eventually(
      async () => {
        if (supervisor.child.exitCode !== null) throw new Error('the supervisor exited');
        const pids = await workerPids();
        return pids.length === 1 ? pids : undefined;
      },
      'the supervised worker to poll its host queue',
      60_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; it printed:\n${supervisor.output()}`);
    });
    expect(first).not.toBe(supervisor.child.pid);
    expect(descendants(supervisor.child.pid!)).toContain(first);

    process.kill(first!, 'SIGKILL');
    const second = await eventually(
      async () => {
        const child = descendants(supervisor.child.pid!).find((pid) => pid !== first);
        return child !== undefined && (await workerPids()).includes(child) ? child : undefined;
      },
      'the supervisor to start a new worker',
      60_000,
    );
    expect(supervisor.child.exitCode).toBeNull();
    expect(supervisor.output()).toMatch(/\[supervisor\]/);

    supervisor.child.kill('SIGTERM');
    expect(await supervisor.exited).toBe(0);
    await waitForExit(second, 10_000);
    expect(isAlive(second)).toBe(false);
  }, 120_000);
});
