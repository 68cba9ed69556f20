import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, type Connection } from '@temporalio/client';
import { WorkflowType, type PingResult } from '../../model/workflow-types.js';
import { connectClient, startTestWorker } from '../support/temporal.js';
import { uniqueTaskQueue } from '../support/test-env.js';

let connection: Connection;
beforeAll(async () => {
  connection = await connectClient();
});
afterAll(async () => connection?.close());

describe('pingWorkflow', () => {
  it('round-trips through a real worker and its ping activity', async () => {
    const taskQueue = uniqueTaskQueue('ping');
    const { worker, connection: native } = await startTestWorker(taskQueue);
    const client = new Client({ connection });
    try {
      const result = await worker.runUntil(
        client.workflow.execute<(input: { message: string }) => Promise<PingResult>>(WorkflowType.ping, {
          taskQueue,
          workflowId: `ping-${taskQueue}`,
          args: [{ message: 'hello' }],
        }),
      );
      expect(result).toEqual({ message: 'hello', worker: { version: 'test', hostname: 'test-host', pid: process.pid } });
    } finally {
      await native.close();
    }
  });
});
