import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { MAINTENANCE_SCHEDULE_ID } from '../model/maintenance.js';
import { WorkflowType } from '../model/workflow-types.js';

/**
 * Makes sure the Temporal Schedule `ringmaster-maintenance` exists: `maintenanceWorkflow` every
 * hour on `taskQueue`, a run skipped while the previous one still goes. Idempotent; returns true
 * when it created the schedule. Throws what the Temporal client throws otherwise.
 */
export async function ensureMaintenanceSchedule(client: Client, taskQueue: string): Promise<boolean> {
  try {
    await client.schedule.create({
      scheduleId: MAINTENANCE_SCHEDULE_ID,
      spec: { intervals: [{ every: '1 hour' }] },
      action: { type: 'startWorkflow', workflowType: WorkflowType.maintenance, workflowId: `${MAINTENANCE_SCHEDULE_ID}-run`, taskQueue, args: [{}] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
      memo: { description: 'Ringmaster: backups, worktree cleanup, log rotation, cache eviction' },
    });
    return true;
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return false;
    throw err;
  }
}
