import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { newId } from '../../model/ids.js';
import { notificationBody, NotifyEvent } from '../../model/notifications.js';
import { sendNotification } from '../../notify/send-notification.js';
import type { SecretVault } from '../../secrets/secret-vault.js';
import type { NotificationRecord, NotificationRepository } from '../../store/notification-repository.js';
import type { ProjectRepository } from '../../store/project-repository.js';
import { ErrorBody } from '../errors.js';
import { storedSecret } from '../stored-secret.js';
import { NotificationListQuery, NotificationTestBody, NotificationView } from '../schemas/notification-schemas.js';

export interface NotificationRouteDeps {
  notifications: NotificationRepository;
  projects: Pick<ProjectRepository, 'find'>;
  vault: Pick<SecretVault, 'resolve'>;
}

/** GET /api/notifications (every delivery and its attempts) and POST /api/notifications/test. */
export const notificationRoutes =
  (deps: NotificationRouteDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const view = (notification: NotificationRecord) => ({
      id: notification.id,
      event: notification.event,
      projectId: notification.projectId,
      taskId: notification.taskId,
      url: notification.url,
      signed: notification.secretName !== null,
      status: notification.status,
      attempts: deps.notifications.attempts(notification.id),
      createdAt: notification.createdAt,
      finishedAt: notification.finishedAt,
    });

    app.get(
      '/api/notifications',
      {
        schema: {
          summary: 'Webhook notifications, newest first, with every delivery attempt',
          tags: ['notifications'],
          querystring: NotificationListQuery,
          response: { 200: Type.Object({ items: Type.Array(NotificationView) }), 400: ErrorBody },
        },
      },
      async (request) => {
        const { project, task, limit } = request.query;
        let projectId: string | undefined;
        if (project !== undefined) {
          projectId = deps.projects.find(project)?.id;
          if (!projectId) return { items: [] };
        }
        return { items: deps.notifications.list({ projectId, taskId: task, limit: limit ?? 50 }).map(view) };
      },
    );

    app.post(
      '/api/notifications/test',
      {
        schema: {
          summary: 'Send one test notification to a URL now (signed with a stored secret if named) and say what came back; it is listed like the others',
          tags: ['notifications'],
          body: NotificationTestBody,
          response: { 200: NotificationView, 400: ErrorBody },
        },
      },
      async (request) => {
        const { url, format, secret } = request.body;
        const value = secret === undefined ? undefined : storedSecret(deps.vault, secret, 'body.secret');
        const id = newId();
        const body = notificationBody(format ? { format } : {}, NotifyEvent.test, { project: { id: '', name: 'test' } }, { id, at: new Date().toISOString() });
        const notification = deps.notifications.create({ id, dedupKey: `test:${id}`, event: NotifyEvent.test, projectId: null, taskId: null, url, secretName: secret ?? null, body });
        const at = new Date().toISOString();
        const result = await sendNotification(notification, value);
        deps.notifications.recordAttempt(id, { at, ...result });
        if (result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300) deps.notifications.markDelivered(id);
        else deps.notifications.markFailed(id);
        return view(deps.notifications.get(id)!);
      },
    );
  };
