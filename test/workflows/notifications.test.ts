import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from '../support/processes.js';
import { scriptedAgent, startHarness, type Harness } from '../support/task-harness.js';
import { removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

// Webhooks on a real Temporal server: a receiver on 127.0.0.1 that is down (HTTP 500) for the
// first two deliveries still gets the task's question on the third, signed; a question left
// unanswered is sent again as a reminder; the end of the task is told too.

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number;
}

let harness: Harness;
let receiver: http.Server;
let url = '';
const received: Received[] = [];
const dirs: string[] = [];
const SECRET = 'webhook-signing-secret';

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      // Down for the first two requests it gets.
      const answered = received.length < 2 ? 500 : 200;
      received.push({ headers: req.headers, body, answered });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  harness = await startHarness('notifications');
});

afterAll(async () => {
  await harness.close();
  await new Promise((resolve) => receiver.close(resolve));
  for (const dir of dirs) removeDir(dir);
});

const bodyOf = (r: Received) => JSON.parse(r.body) as { event: string; deliveryId: string; reminder?: number; task: { id: string; question: string | null; status: string } };

describe('webhook notifications', () => {
  it('delivers the question to a receiver that fails twice, signed, reminds of it, then tells the end', async () => {
    const h = harness;
    h.api.vault.setNamed('HOOK_SECRET', SECRET, 'admin');
    const repo = makeTempGitRepo({ 'README.md': '# colours\n' });
    dirs.push(repo);
    const created = await h.app.inject({
      method: 'POST',
      url: '/api/projects',
      payload: { name: 'notified', repoPath: repo, notify: [{ url, events: ['needs_decision', 'completed'], secret: 'HOOK_SECRET' }] },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json<{ notify: unknown[] }>().notify).toEqual([{ url, events: ['needs_decision', 'completed'], secret: 'HOOK_SECRET' }]);

    const filed = await h.app.inject({
      method: 'POST',
      url: '/api/tasks',
      payload: { project: 'notified', title: 'Pick a colour', agent: 'command', decisionReminderMinutes: 0.1, agentOptions: { command: [process.execPath, scriptedAgent('ask-then-do.mjs')] } },
    });
    expect(filed.statusCode).toBe(201);
    const { id } = filed.json<{ id: string }>();

    const task = await h.run(async () => {
      // Three tries of the question (500, 500, 200), then a reminder 6 s after it was asked.
      await eventually(() => (received.some((r) => bodyOf(r).reminder === 1) ? true : undefined), 'the reminder of the question', 60_000);
      const answer = await h.app.inject({ method: 'POST', url: `/api/tasks/${id}/decision`, payload: { answer: 'teal' } });
      expect(answer.statusCode).toBe(200);
      const ended = await h.waitFor(id);
      // Delivered by its own workflow, on these workers.
      await eventually(() => (received.some((r) => bodyOf(r).event === 'completed') ? true : undefined), 'the completed notification', 30_000);
      return ended;
    });
    expect(task.status).toBe('completed');

    const [first, second, third] = received;
    // One notification tried three times: the same delivery id, the same signed body.
    expect([first, second, third].map((r) => [bodyOf(r!).event, bodyOf(r!).deliveryId, r!.answered])).toEqual([
      ['needs_decision', bodyOf(first!).deliveryId, 500],
      ['needs_decision', bodyOf(first!).deliveryId, 500],
      ['needs_decision', bodyOf(first!).deliveryId, 200],
    ]);
    expect(bodyOf(third!)).toMatchObject({ task: { id, status: 'needs_decision', question: 'Which colour should the button be?' } });
    for (const r of received) {
      expect(r.headers['x-ringmaster-signature-256']).toBe(`sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`);
      expect(r.headers['x-ringmaster-delivery']).toBe(bodyOf(r).deliveryId);
      expect(r.headers['x-ringmaster-event']).toBe(bodyOf(r).event);
      // The secret signs; it is never sent.
      expect(r.body).not.toContain(SECRET);
    }

    const listed = (await h.app.inject({ method: 'GET', url: `/api/notifications?task=${id}` })).json<{
      items: { id: string; event: string; status: string; signed: boolean; attempts: { statusCode: number | null }[] }[];
    }>();
    const question = listed.items.find((n) => n.id === bodyOf(first!).deliveryId)!;
    expect(question).toMatchObject({ event: 'needs_decision', status: 'delivered', signed: true });
    expect(question.attempts.map((a) => a.statusCode)).toEqual([500, 500, 200]);
    expect(listed.items.filter((n) => n.event === 'completed')).toEqual([expect.objectContaining({ status: 'delivered', attempts: [expect.objectContaining({ statusCode: 200 })] })]);
    expect(listed.items.filter((n) => n.event === 'needs_decision').length).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('refuses a webhook whose secret is not stored, naming the field', async () => {
    const res = await harness.app.inject({ method: 'PATCH', url: '/api/projects/notified', payload: { notify: [{ url, events: ['failed'], secret: 'NOT_STORED' }] } });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).toContain('body.notify.0.secret');
  });

  it('sends a test notification by hand and lists it', async () => {
    const res = await harness.app.inject({ method: 'POST', url: '/api/notifications/test', payload: { url, format: 'slack', secret: 'HOOK_SECRET' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ event: 'test', status: 'delivered', signed: true, attempts: [{ statusCode: 200 }] });
    expect(JSON.parse(received.at(-1)!.body)).toEqual({ text: '[ringmaster] Test notification from Ringmaster (test)' });
  });
});
