import type { Store } from '../store/create-store.js';
import { createPingActivity, type PingDeps } from './ping.js';
import { createTaskRecordActivities } from './task-records.js';

/** Everything the control activities need from the process that hosts them. */
export interface ActivityDeps extends PingDeps {
  store: Store;
}

/**
 * Builds every activity of the `ringmaster` task queue (the samples-typescript
 * dependency-injection pattern). Workflows import only the type.
 */
export function createActivities(deps: ActivityDeps) {
  return {
    ping: createPingActivity(deps),
    ...createTaskRecordActivities(deps.store),
  };
}

export type Activities = ReturnType<typeof createActivities>;
