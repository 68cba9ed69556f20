import type { Client } from '@temporalio/client';
import type { SecretVault } from '../secrets/secret-vault.js';
import type { Store } from '../store/create-store.js';
import { DEFAULT_HOST_LOST_MINUTES, type MaintenanceSettings } from '../config/settings.js';
import { createExternalWorkActivities } from './external-work-activities.js';
import { createMaintenanceActivities } from './maintenance-activities.js';
import { createPingActivity, type PingDeps } from './ping.js';
import { findWorkers, listWorkers } from '../temporal/worker-registry.js';
import { createReleaseHostActivities } from './release-host-records.js';
import { createQueueRecordActivities } from './queue-records.js';
import { createSchedulingActivities } from './scheduling-records.js';
import { createTaskRecordActivities } from './task-records.js';
import { createNotificationActivities, startNotificationDelivery } from './notification-activities.js';
import type { NotifyHook } from '../model/notifications.js';
import { createNotifier } from '../notify/notifier.js';

/** Everything the control activities need from the process that hosts them. */
export interface ActivityDeps extends PingDeps {
  store: Store;
  /** Seals the env values a task started through Temporal brings; forgets a task's when it ends. */
  vault: SecretVault;
  /** The control plane's data dir (its databases are backed up) and what maintenance keeps. */
  home: string;
  maintenance: MaintenanceSettings;
  /** RINGMASTER_HOST_LOST_MINUTES: how long a task of a project with a remote waits for a lost host before it moves. */
  hostLostMinutes?: number;
  /** A Temporal client: the merge queue is started and fed with update-with-start. */
  client: Client;
  /** The install's own webhooks (RINGMASTER_NOTIFY). */
  globalHooks?: readonly NotifyHook[];
}

/**
 * Builds every activity of the `ringmaster` task queue (the samples-typescript
 * dependency-injection pattern). Workflows import only the type.
 */
export function createActivities(deps: ActivityDeps & { taskQueue: string }) {
  const findHosts = async (requires: readonly string[], checkouts: boolean) =>
    (await findWorkers(deps.client.connection, { namespace: deps.client.options.namespace, baseQueue: deps.taskQueue, requires, checkouts })).map((worker) => worker.id);
  const notifier = createNotifier({
    notifications: deps.store.notifications,
    projects: deps.store.projects,
    globalHooks: deps.globalHooks ?? [],
    deliver: (id) => startNotificationDelivery(deps.client, deps.taskQueue, id),
  });
  return {
    ping: createPingActivity(deps),
    ...createTaskRecordActivities({ ...deps.store, vault: deps.vault, notifier, ...(deps.hostLostMinutes ? { hostLostMinutes: deps.hostLostMinutes } : {}) }),
    ...createQueueRecordActivities({ ...deps, notifier }),
    ...createNotificationActivities({ notifications: deps.store.notifications, vault: deps.vault }),
    ...createSchedulingActivities({ store: deps.store, findHosts }),
    ...createMaintenanceActivities({ store: deps.store, vault: deps.vault, home: deps.home, settings: deps.maintenance, findHosts: () => findHosts([], false) }),
    ...createExternalWorkActivities(deps.store),
    ...createReleaseHostActivities({
      listWorkers: () => listWorkers(deps.client.connection, { namespace: deps.client.options.namespace, baseQueue: deps.taskQueue }),
      baseQueue: deps.taskQueue,
      hostLostMinutes: deps.hostLostMinutes ?? DEFAULT_HOST_LOST_MINUTES,
    }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
