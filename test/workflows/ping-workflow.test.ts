import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, type Connection } from '@temporalio/client';
import { WorkflowType, type PingResult } from '../../model/workflow-types.js';
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

describe('pingWorkflow', () => {
  it('round-trips through a real worker and its ping activity', async () => {
    const taskQueue = uniqueTaskQueue('ping');
    const { db, store } = openTestStore(home);
    const workers = await startTestWorkers(taskQueue, { home, store });
    const client = new Client({ connection });
    try {
      const result = await workers.runUntil(() =>
        client.workflow.execute<(input: { message: string }) => Promise<PingResult>>(WorkflowType.ping, {
          taskQueue,
          workflowId: `ping-${taskQueue}`,
          args: [{ message: 'hello' }],
        }),
      );
      expect(result).toEqual({ message: 'hello', worker: { version: 'test', hostname: 'test-host', pid: process.pid } });
    } finally {
      await workers.close();
      db.close();
    }
  });
});
