import { Type, type Static } from 'typebox';
import { AgentOutcome } from './agent-outcome.js';
import { ENV_NAME_PATTERN } from './secrets.js';
import { TaskStatus } from './task-status.js';

/** What a webhook can be told about. */
export const NotifyEvent = {
  needsDecision: 'needs_decision',
  needsReview: 'needs_review',
  completed: 'completed',
  failed: 'failed',
  conflict: 'conflict',
  budgetExceeded: 'budget_exceeded',
  releaseDeployed: 'release_deployed',
  releaseRolledBack: 'release_rolled_back',
  /** Only `ringmaster notify test` sends it. */
  test: 'test',
} as const;
export type NotifyEvent = (typeof NotifyEvent)[keyof typeof NotifyEvent];

export const NOTIFY_EVENTS: readonly NotifyEvent[] = Object.values(NotifyEvent).filter((event) => event !== NotifyEvent.test);

/** Most webhooks one project (or the install) has. */
export const MAX_HOOKS = 10;

/** One webhook: where to send, which events, how to sign, in which shape. */
export const NotifyHookSchema = Type.Object(
  {
    url: Type.String({ pattern: '^https?://', maxLength: 2000, description: 'Receives a POST of each event' }),
    events: Type.Array(Type.Enum([...NOTIFY_EVENTS]), { minItems: 1, uniqueItems: true, description: `Events sent: ${NOTIFY_EVENTS.join(', ')}` }),
    secret: Type.Optional(
      Type.String({
        pattern: ENV_NAME_PATTERN,
        description: 'The named secret (ringmaster secret set NAME) whose value signs each body: header X-Ringmaster-Signature-256: sha256=<HMAC-SHA256 hex>',
      }),
    ),
    format: Type.Optional(Type.Enum(['json', 'slack'], { description: 'json (default): the event as JSON; slack: a Slack incoming-webhook message { text }' })),
  },
  { additionalProperties: false },
);
export type NotifyHook = Static<typeof NotifyHookSchema>;

export const NotifyHooksSchema = Type.Array(NotifyHookSchema, { maxItems: MAX_HOOKS });

/** What an event is about: a task, or a release of a project. */
export interface NotifySubject {
  project: { id: string; name: string };
  task?: { id: string; title: string; status: string; outcome: string | null; error: string | null; question: string | null };
  release?: { id: string; fromCommit: string | null; toCommit: string; status: string };
  /** For a reminder of a waiting decision: which one (1, 2 …). */
  reminder?: number;
}

/** The event a task's new status is worth telling, if any. */
export function taskEventOf(status: TaskStatus, outcome: string | null): NotifyEvent | undefined {
  switch (status) {
    case TaskStatus.needsDecision:
      return NotifyEvent.needsDecision;
    case TaskStatus.needsReview:
      return NotifyEvent.needsReview;
    case TaskStatus.completed:
      return NotifyEvent.completed;
    case TaskStatus.conflict:
      return NotifyEvent.conflict;
    case TaskStatus.failed:
      return outcome === AgentOutcome.budgetExceeded ? NotifyEvent.budgetExceeded : NotifyEvent.failed;
    default:
      return undefined;
  }
}

/** The event a release's final status is worth telling, if any. */
export function releaseEventOf(status: string): NotifyEvent | undefined {
  if (status === 'deployed') return NotifyEvent.releaseDeployed;
  if (status === 'rolled_back') return NotifyEvent.releaseRolledBack;
  return undefined;
}

/** One line a person reads: in a Slack message, or a log. */
export function describeEvent(event: NotifyEvent, subject: NotifySubject): string {
  const where = subject.project.name;
  const task = subject.task;
  switch (event) {
    case NotifyEvent.needsDecision:
      return `${subject.reminder ? `Reminder ${subject.reminder}: t` : 'T'}ask "${task?.title}" (${where}) needs a decision: ${task?.question ?? ''}`;
    case NotifyEvent.needsReview:
      return `Task "${task?.title}" (${where}) waits for a review`;
    case NotifyEvent.completed:
      return `Task "${task?.title}" (${where}) completed`;
    case NotifyEvent.failed:
      return `Task "${task?.title}" (${where}) failed: ${task?.error ?? ''}`;
    case NotifyEvent.budgetExceeded:
      return `Task "${task?.title}" (${where}) stopped at its budget: ${task?.error ?? ''}`;
    case NotifyEvent.conflict:
      return `Task "${task?.title}" (${where}) conflicts with the default branch`;
    case NotifyEvent.releaseDeployed:
      return `Release ${subject.release?.toCommit.slice(0, 12)} of ${where} deployed`;
    case NotifyEvent.releaseRolledBack:
      return `Release ${subject.release?.toCommit.slice(0, 12)} of ${where} rolled back`;
    case NotifyEvent.test:
      return `Test notification from Ringmaster (${where})`;
  }
}

/** The body a hook receives for an event: the event as JSON, or a Slack message. */
export function notificationBody(hook: Pick<NotifyHook, 'format'>, event: NotifyEvent, subject: NotifySubject, delivery: { id: string; at: string }): string {
  if (hook.format === 'slack') return JSON.stringify({ text: `[ringmaster] ${describeEvent(event, subject)}` });
  return JSON.stringify({ event, deliveryId: delivery.id, at: delivery.at, text: describeEvent(event, subject), ...subject });
}
