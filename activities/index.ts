import type { Client } from '@temporalio/client';
import type { Store } from '../store/create-store.js';
import { createPingActivity, type PingDeps } from './ping.js';
import { createQueueRecordActivities } from './queue-records.js';
import { createTaskRecordActivities } from './task-records.js';

/** Everything the control activities need from the process that hosts them. */
export interface ActivityDeps extends PingDeps {
  store: Store;
  /** A Temporal client: the merge queue is started and fed with update-with-start. */
  client: Client;
}

/**
 * Builds every activity of the `ringmaster` task queue (the samples-typescript
 * dependency-injection pattern). Workflows import only the type.
 */
export function createActivities(deps: ActivityDeps & { taskQueue: string }) {
  return {
    ping: createPingActivity(deps),
    ...createTaskRecordActivities(deps.store),
    ...createQueueRecordActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
