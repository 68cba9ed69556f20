import type { NotifyEvent } from '../model/notifications.js';
import type { Db } from './open-database.js';

export type NotificationStatus = 'pending' | 'delivered' | 'failed';

/** One try to deliver a notification: the receiver's HTTP status, or why there was none. */
export interface NotificationAttempt {
  attempt: number;
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** One event for one webhook. The body is what the receiver gets; the secret is a name, never a value. */
export interface NotificationRecord {
  id: string;
  event: NotifyEvent;
  projectId: string | null;
  taskId: string | null;
  url: string;
  secretName: string | null;
  body: string;
  status: NotificationStatus;
  attempts: number;
  createdAt: string;
  finishedAt: string | null;
}

export type NewNotification = Pick<NotificationRecord, 'id' | 'event' | 'projectId' | 'taskId' | 'url' | 'secretName' | 'body'> & { dedupKey: string };

interface NotificationRow {
  id: string;
  event: string;
  project_id: string | null;
  task_id: string | null;
  url: string;
  secret_name: string | null;
  body: string;
  status: string;
  attempts: number;
  created_at: string;
  finished_at: string | null;
}

function toNotification(row: NotificationRow): NotificationRecord {
  return {
    id: row.id,
    event: row.event as NotifyEvent,
    projectId: row.project_id,
    taskId: row.task_id,
    url: row.url,
    secretName: row.secret_name,
    body: row.body,
    status: row.status as NotificationStatus,
    attempts: row.attempts,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/** Notifications and their delivery attempts. */
export function createNotificationRepository(db: Db) {
  const get = (id: string): NotificationRecord | undefined => {
    const row = db.prepare<[string], NotificationRow>('SELECT * FROM notifications WHERE id = ?').get(id);
    return row ? toNotification(row) : undefined;
  };
  const finish = (id: string, status: NotificationStatus) =>
    db.prepare("UPDATE notifications SET status = ?, finished_at = ? WHERE id = ? AND status = 'pending'").run(status, new Date().toISOString(), id);
  return {
    /** Records a notification unless one with its dedup key exists; returns the one recorded (the earlier one on a repeat). */
    create(notification: NewNotification): NotificationRecord {
      db.prepare(
        `INSERT INTO notifications (id, dedup_key, event, project_id, task_id, url, secret_name, body, created_at)
         VALUES (@id, @dedupKey, @event, @projectId, @taskId, @url, @secretName, @body, @createdAt)
         ON CONFLICT (dedup_key) DO NOTHING`,
      ).run({ ...notification, createdAt: new Date().toISOString() });
      const row = db.prepare<[string], NotificationRow>('SELECT * FROM notifications WHERE dedup_key = ?').get(notification.dedupKey)!;
      return toNotification(row);
    },
    get,
    /** Records one delivery attempt (numbered on from the earlier ones). */
    recordAttempt(id: string, attempt: Omit<NotificationAttempt, 'attempt'>): number {
      return db.transaction(() => {
        db.prepare('UPDATE notifications SET attempts = attempts + 1 WHERE id = ?').run(id);
        const { attempts } = db.prepare<[string], { attempts: number }>('SELECT attempts FROM notifications WHERE id = ?').get(id)!;
        db.prepare('INSERT INTO notification_attempts (notification_id, attempt, at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)').run(
          id,
          attempts,
          attempt.at,
          attempt.statusCode,
          attempt.error,
          attempt.durationMs,
        );
        return attempts;
      })();
    },
    markDelivered: (id: string) => finish(id, 'delivered'),
    /** Delivery was given up (the retries ran out, or the receiver refused for good). */
    markFailed: (id: string) => finish(id, 'failed'),
    attempts(id: string): NotificationAttempt[] {
      return db
        .prepare<[string], { attempt: number; at: string; status_code: number | null; error: string | null; duration_ms: number }>(
          'SELECT * FROM notification_attempts WHERE notification_id = ? ORDER BY attempt',
        )
        .all(id)
        .map((row) => ({ attempt: row.attempt, at: row.at, statusCode: row.status_code, error: row.error, durationMs: row.duration_ms }));
    },
    /** The newest first, of one project or task (ids) or all. */
    list(filter: { projectId?: string | undefined; taskId?: string | undefined; limit: number }): NotificationRecord[] {
      return db
        .prepare<{ projectId: string | null; taskId: string | null; limit: number }, NotificationRow>(
          `SELECT * FROM notifications
            WHERE (@projectId IS NULL OR project_id = @projectId) AND (@taskId IS NULL OR task_id = @taskId)
            ORDER BY created_at DESC, id DESC LIMIT @limit`,
        )
        .all({ projectId: filter.projectId ?? null, taskId: filter.taskId ?? null, limit: filter.limit })
        .map(toNotification);
    },
  };
}

export type NotificationRepository = ReturnType<typeof createNotificationRepository>;
