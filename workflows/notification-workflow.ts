import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { NotificationActivities } from '../activities/notification-activities.js';
import { NotifyFailure } from '../model/failure-types.js';

// Tried again after 1 s, 2 s, 4 s … up to every 15 minutes, for a day: a receiver that is down
// when a task asks its question still gets it when it comes back.
const { deliverNotification } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '24 hours',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '15 minutes', nonRetryableErrorTypes: [NotifyFailure.refused] },
});
const { giveUpNotification } = proxyLocalActivities<NotificationActivities>({ startToCloseTimeout: '1 minute' });

/** Delivers one recorded notification (`notification-<id>`), durably; records the end when it gives up. */
export async function notificationWorkflow({ notificationId }: { notificationId: string }): Promise<void> {
  try {
    await deliverNotification({ notificationId });
  } catch {
    await giveUpNotification({ notificationId });
  }
}
