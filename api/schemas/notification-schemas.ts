import { Type } from 'typebox';
import { NotifyEvent } from '../../model/notifications.js';
import { ENV_NAME_PATTERN } from '../../model/secrets.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const NotificationListQuery = Type.Object(
  {
    project: Type.Optional(Type.String({ minLength: 1, description: 'Project id or name' })),
    task: Type.Optional(Type.String({ minLength: 1, description: 'Task id' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'Most notifications returned; default 50' })),
  },
  { additionalProperties: false },
);

export const NotificationAttemptView = Type.Object({
  attempt: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  statusCode: Nullable(Type.Integer({ description: "The receiver's HTTP status; null when it did not answer" })),
  error: Nullable(Type.String()),
  durationMs: Type.Integer(),
});

export const NotificationView = Type.Object({
  id: Type.String({ description: 'Sent as X-Ringmaster-Delivery' }),
  event: Type.Enum([...Object.values(NotifyEvent)]),
  projectId: Nullable(Type.String()),
  taskId: Nullable(Type.String()),
  url: Type.String(),
  signed: Type.Boolean({ description: "Signed with the hook's secret (X-Ringmaster-Signature-256)" }),
  status: Type.Enum(['pending', 'delivered', 'failed'], { description: 'pending: being delivered (retried with backoff for a day); failed: given up' }),
  attempts: Type.Array(NotificationAttemptView),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const NotificationTestBody = Type.Object(
  {
    url: Type.String({ pattern: '^https?://', maxLength: 2000 }),
    format: Type.Optional(Type.Enum(['json', 'slack'])),
    secret: Type.Optional(Type.String({ pattern: ENV_NAME_PATTERN, description: 'A stored secret (ringmaster secret set NAME) to sign with' })),
  },
  { additionalProperties: false },
);
