import { describe, expect, it } from '@jest/globals';
import { notificationBody, releaseEventOf, taskEventOf } from '../../model/notifications.js';

const subject = {
  project: { id: 'p1', name: 'web' },
  task: { id: 't1', title: 'Add a button', status: 'needs_decision', outcome: null, error: null, question: 'Which colour?' },
};

describe('taskEventOf / releaseEventOf', () => {
  it('names the statuses worth telling, a budget stop apart from other failures', () => {
    expect(taskEventOf('needs_decision', null)).toBe('needs_decision');
    expect(taskEventOf('needs_review', 'failed')).toBe('needs_review');
    expect(taskEventOf('completed', 'success')).toBe('completed');
    expect(taskEventOf('conflict', null)).toBe('conflict');
    expect(taskEventOf('failed', 'agent_error')).toBe('failed');
    expect(taskEventOf('failed', 'budget_exceeded')).toBe('budget_exceeded');
    expect(taskEventOf('running', null)).toBeUndefined();
    expect(taskEventOf('cancelled', 'cancelled')).toBeUndefined();
    expect(releaseEventOf('deployed')).toBe('release_deployed');
    expect(releaseEventOf('rolled_back')).toBe('release_rolled_back');
    expect(releaseEventOf('rejected')).toBeUndefined();
  });
});

describe('notificationBody', () => {
  const delivery = { id: 'n1', at: '2026-12-03T15:00:00.000Z' };
  it('is the event as JSON, with a line for people', () => {
    expect(JSON.parse(notificationBody({}, 'needs_decision', subject, delivery))).toEqual({
      event: 'needs_decision',
      deliveryId: 'n1',
      at: '2026-12-03T15:00:00.000Z',
      text: 'Task "Add a button" (web) needs a decision: Which colour?',
      ...subject,
    });
  });

  it('is a Slack message for a Slack hook, a reminder saying which', () => {
    expect(JSON.parse(notificationBody({ format: 'slack' }, 'needs_decision', { ...subject, reminder: 2 }, delivery))).toEqual({
      text: '[ringmaster] Reminder 2: task "Add a button" (web) needs a decision: Which colour?',
    });
  });
});
