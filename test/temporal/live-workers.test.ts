import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from '@temporalio/client';
import { listLiveWorkers } from '../../temporal/live-workers.js';
import { eventually } from '../support/processes.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { connectClient, openTestStore, startTestWorkers } from '../support/temporal.js';
import { uniqueTaskQueue } from '../support/test-env.js';

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

describe('listLiveWorkers', () => {
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
