import { newId } from '../model/ids.js';
import { notificationBody, type NotifyEvent, type NotifyHook, type NotifySubject } from '../model/notifications.js';
import type { NotificationRecord, NotificationRepository } from '../store/notification-repository.js';
import type { ProjectRepository } from '../store/project-repository.js';

export interface NotifierDeps {
  notifications: NotificationRepository;
  projects: Pick<ProjectRepository, 'get'>;
  /** The install's own webhooks (RINGMASTER_NOTIFY), told about every project. */
  globalHooks: readonly NotifyHook[];
  /** Starts the durable delivery of one recorded notification; starting it twice is harmless. */
  deliver(notificationId: string): Promise<void>;
}

/**
 * Records a notification of `event` for every webhook (the install's and the project's) that
 * takes it, and starts its delivery. `key` names the occurrence (a task's status change, a
 * reminder): noticing it again records and sends nothing new, so a retried activity is harmless.
 */
export function createNotifier(deps: NotifierDeps) {
  return {
    async notify(event: NotifyEvent, subject: NotifySubject, key: string): Promise<NotificationRecord[]> {
      const project = deps.projects.get(subject.project.id);
      const hooks = [...deps.globalHooks, ...(project?.notify ?? [])];
      const recorded: NotificationRecord[] = [];
      for (const [index, hook] of hooks.entries()) {
        if (!(hook.events as readonly NotifyEvent[]).includes(event)) continue;
        const id = newId();
        const notification = deps.notifications.create({
          id,
          dedupKey: `${key}:${index}:${hook.url}`,
          event,
          projectId: subject.project.id,
          taskId: subject.task?.id ?? null,
          url: hook.url,
          secretName: hook.secret ?? null,
          body: notificationBody(hook, event, subject, { id, at: new Date().toISOString() }),
        });
        if (notification.status === 'pending') await deps.deliver(notification.id);
        recorded.push(notification);
      }
      return recorded;
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
