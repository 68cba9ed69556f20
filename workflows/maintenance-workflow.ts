import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { HostMaintenanceActivities } from '../activities/host-maintenance.js';
import type { MaintenanceActivities } from '../activities/maintenance-activities.js';
import type { HostMaintenanceReport, MaintenanceInput, MaintenanceReport } from '../model/maintenance.js';
import { NON_RETRYABLE_FAILURES } from '../model/failure-types.js';
import { hostTaskQueue } from '../model/task-queues.js';

const retry = { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 3, nonRetryableErrorTypes: [...NON_RETRYABLE_FAILURES] };
const control = proxyActivities<MaintenanceActivities>({ startToCloseTimeout: '30 minutes', retry });

function hostMaintenance(hostId: string, baseQueue: string) {
  return proxyActivities<HostMaintenanceActivities>({
    taskQueue: hostTaskQueue(hostId, baseQueue),
    // A host that does not pick it up soon is not running: its part waits for the next run.
    scheduleToStartTimeout: '2 minutes',
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: '30 seconds',
    retry: { ...retry, maximumAttempts: 2 },
  });
}

/**
 * Keeps a Ringmaster tidy (the Schedule `ringmaster-maintenance` runs it hourly; `ringmaster
 * maintenance run` now): backs up the control plane's databases with retention, cleans up the
 * worktrees whose cleanup failed and the kept ones past RINGMASTER_KEEP_WORKTREES_DAYS (unless
 * pinned) on their hosts, prunes git's worktree registrations, rotates logs, evicts the prompt
 * cache, forgets old idempotency keys. A host that is down is reported and left for the next run.
 */
export async function maintenanceWorkflow(input: MaintenanceInput = {}): Promise<MaintenanceReport> {
  const { taskQueue } = workflowInfo();
  const dryRun = input.dryRun === true;
  const plan = await control.planMaintenance();
  const backup = dryRun || input.only ? null : await control.backupDataDir();
  const hosts: HostMaintenanceReport[] = [];
  const unreachableHosts: string[] = [];
  for (const hostId of plan.hosts) {
    try {
      hosts.push(await hostMaintenance(hostId, taskQueue).maintainHost({ cleanups: plan.cleanups, limits: plan.limits, dryRun, ...(input.only ? { only: input.only } : {}) }));
    } catch {
      unreachableHosts.push(hostId);
    }
  }
  const { expiredIdempotencyKeys } = dryRun ? { expiredIdempotencyKeys: 0 } : await control.recordMaintenance({ reports: hosts });
  return { dryRun, backup, hosts, unreachableHosts, expiredIdempotencyKeys };
}
