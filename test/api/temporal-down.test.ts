import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import { freePort } from '../support/free-port.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testTask } from '../support/test-store.js';

// The API while Temporal is down: every route that needs it answers 503 naming it, within a few
// seconds, and nothing else breaks.

let home: string;
let repo: string;
let api: TestApp;
let unreachable: Connection;
beforeAll(async () => {
  home = makeTempDir();
  repo = makeTempGitRepo({ 'a.txt': 'a\n' });
  unreachable = Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
  api = await startTestApp(home, { connection: unreachable, client: new Client({ connection: unreachable }) });
  await api.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'demo', repoPath: repo } });
  const projectId = api.store.projects.find('demo')!.id;
  api.store.tasks.insert(testTask('t1', projectId, { title: 'running', maxIterations: 1, status: 'needs_decision' }));
  api.store.tasks.update('t1', { status: 'blocked' });
});
afterAll(async () => {
  await api.close();
  await unreachable.close();
  removeDir(home);
  removeDir(repo);
});

describe('with Temporal unreachable', () => {
  it('answers 503 naming temporal within a few seconds on every route that needs it', async () => {
    const requests = [
      { method: 'POST', url: '/api/tasks', payload: { project: 'demo', title: 't', agent: 'command', agentOptions: { command: ['true'] } } },
      { method: 'POST', url: '/api/tasks/t1/cancel' },
      { method: 'PATCH', url: '/api/tasks/t1', payload: { priority: 'P0' } },
      { method: 'POST', url: '/api/tasks/t1/decision', payload: { answer: 'yes' } },
      { method: 'POST', url: '/api/projects/demo/reload', payload: {} },
      { method: 'GET', url: '/api/workers' },
    ] as const;
    const started = Date.now();
    const answers = await Promise.all(requests.map((request) => api.app.inject(request)));
    expect(Date.now() - started).toBeLessThan(15_000);
    for (const [i, res] of answers.entries()) {
      const { method, url } = requests[i]!;
      expect({ method, url, status: res.statusCode, code: res.json<{ error: { code: string } }>().error.code }).toEqual({ method, url, status: 503, code: 'service_unavailable' });
    }
    expect(answers[0]!.json()).toMatchObject({ error: { message: expect.stringContaining('Temporal did not answer in 5 s, so filing the task did not happen'), details: { failing: ['temporal'] } } });
    // Nothing was filed, and the sealed values of a task that never started are gone.
    expect(api.store.tasks.list({}, { limit: 10 }).items.map((t) => t.id)).toEqual(['t1']);
  }, 30_000);

  it('still serves what needs only the database', async () => {
    expect((await api.app.inject({ method: 'GET', url: '/api/tasks' })).statusCode).toBe(200);
    expect((await api.app.inject({ method: 'GET', url: '/api/tasks/t1' })).statusCode).toBe(200);
    expect((await api.app.inject({ method: 'GET', url: '/api/metrics/summary' })).json()).toMatchObject({ tasks: 1 });
  });

  it('answers a scrape, saying Temporal is unreachable and counting no workers', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/^ringmaster_temporal_reachable 0$/m);
    expect(res.body).not.toMatch(/^ringmaster_workers\{/m);
    expect(res.body).toMatch(/^ringmaster_tasks\{project="demo",agent="command",status="blocked"\} 1$/m);
  }, 30_000);

  it('reads a task on a host without the live hosts, within a second or so, saying nothing of its host', async () => {
    api.store.tasks.update('t1', { hostId: 'some-host' });
    const started = Date.now();
    const res = await api.app.inject({ method: 'GET', url: '/api/tasks/t1' });
    expect(Date.now() - started).toBeLessThan(3000);
    expect([res.statusCode, res.json<{ hostWait: string | null }>().hostWait]).toEqual([200, null]);
  });
});
