import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { PingInput, PingResult } from '../model/workflow-types.js';

const { ping } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3 },
});

/** Round-trips through a worker and one activity: proves the whole path from client to worker works. */
export async function pingWorkflow(input: PingInput): Promise<PingResult> {
  return ping(input);
}
