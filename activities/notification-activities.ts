import { ApplicationFailure } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { NotifyFailure } from '../model/failure-types.js';
import { WorkflowType } from '../model/workflow-types.js';
import { isRefusal, sendNotification } from '../notify/send-notification.js';
import { SecretUnreadableError } from '../secrets/secret-cipher.js';
import { SecretMissingError, type SecretVault } from '../secrets/secret-vault.js';
import type { NotificationRepository } from '../store/notification-repository.js';

export interface NotificationActivityDeps {
  notifications: NotificationRepository;
  vault: Pick<SecretVault, 'resolve'>;
}

/** The workflow id of a notification's delivery. */
export const notificationWorkflowId = (notificationId: string) => `notification-${notificationId}`;

/** Starts `notificationWorkflow` for a recorded notification; one already started is left alone. */
export async function startNotificationDelivery(client: Client, taskQueue: string, notificationId: string): Promise<void> {
  try {
    await client.workflow.start(WorkflowType.notification, { taskQueue, workflowId: notificationWorkflowId(notificationId), args: [{ notificationId }] });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/** Delivering notifications (the `ringmaster` task queue, next to the database and the vault). */
export function createNotificationActivities(deps: NotificationActivityDeps) {
  return {
    /**
     * One delivery attempt, recorded: done on a 2xx; a refusal (most 4xx, a secret that is not
     * stored) fails for good; anything else (no answer, 5xx, 408, 429) fails to be tried again.
     */
    async deliverNotification({ notificationId }: { notificationId: string }): Promise<void> {
      const notification = deps.notifications.get(notificationId);
      if (!notification || notification.status !== 'pending') return;
      const at = new Date().toISOString();
      let secret: string | undefined;
      if (notification.secretName) {
        try {
          secret = deps.vault.resolve('', { secret: notification.secretName }).secret;
        } catch (err) {
          if (!(err instanceof SecretMissingError || err instanceof SecretUnreadableError)) throw err;
          const error = `the webhook's secret ${notification.secretName} is not stored (ringmaster secret set ${notification.secretName})`;
          deps.notifications.recordAttempt(notificationId, { at, statusCode: null, error, durationMs: 0 });
          throw ApplicationFailure.create({ message: error, type: NotifyFailure.refused, nonRetryable: true });
        }
      }
      const result = await sendNotification(notification, secret);
      const attempt = deps.notifications.recordAttempt(notificationId, { at, ...result });
      if (result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300) {
        deps.notifications.markDelivered(notificationId);
        return;
      }
      const message = `attempt ${attempt}: ${notification.url} ${result.statusCode === null ? `did not answer: ${result.error}` : `answered HTTP ${result.statusCode}`}`;
      const refused = result.statusCode !== null && isRefusal(result.statusCode);
      throw ApplicationFailure.create({ message, type: refused ? NotifyFailure.refused : NotifyFailure.undelivered, nonRetryable: refused });
    },

    /** Records that delivery was given up. */
    async giveUpNotification({ notificationId }: { notificationId: string }): Promise<void> {
      deps.notifications.markFailed(notificationId);
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
