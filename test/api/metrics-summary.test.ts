import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AgentId } from '../../model/agents.js';
import type { TaskStatus } from '../../model/task-status.js';
import { runCliAsync } from '../support/cli.js';
import { freePort } from '../support/free-port.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testProject, testTask } from '../support/test-store.js';

// The statistics endpoints and `ringmaster stats` on a known set of tasks in a real database,
// through a real API listening on a port.

let home: string;
let api: TestApp;
let apiUrl: string;

const HOUR = 3_600_000;
const now = Date.now();

/** A task filed `hoursAgo`, ended after `seconds` (unless still running), with its totals. */
function addTask(
  id: string,
  projectId: string,
  agent: AgentId,
  status: TaskStatus,
  hoursAgo: number,
  facts: { seconds?: number; iterations: number; tokensIn: number; tokensOut: number; costUsd: number },
): void {
  api.store.tasks.insert(testTask(id, projectId, { title: id, agent, maxIterations: 5, status }));
  const created = new Date(now - hoursAgo * HOUR);
  const finished = facts.seconds === undefined ? null : new Date(created.getTime() + facts.seconds * 1000).toISOString();
  // The projection as the workflows leave it: when it was filed and ended, and its totals.
  api.db
    .prepare('UPDATE tasks SET created_at = ?, finished_at = ?, iterations = ?, tokens_in = ?, tokens_out = ?, cost_usd = ? WHERE id = ?')
    .run(created.toISOString(), finished, facts.iterations, facts.tokensIn, facts.tokensOut, facts.costUsd, id);
}

beforeAll(async () => {
  home = makeTempDir('ringmaster-stats-');
  const port = await freePort();
  api = await startTestApp(home, {}, { port });
  await api.app.listen({ host: '127.0.0.1', port });
  apiUrl = `http://127.0.0.1:${port}`;
  api.store.projects.create(testProject('p1', { name: 'web' }));
  api.store.projects.create(testProject('p2', { name: 'api' }));
  addTask('w1', 'p1', 'claude-code', 'completed', 2, { seconds: 60, iterations: 1, tokensIn: 1000, tokensOut: 100, costUsd: 0.5 });
  addTask('w2', 'p1', 'claude-code', 'completed', 3, { seconds: 300, iterations: 3, tokensIn: 3000, tokensOut: 300, costUsd: 1.5 });
  addTask('w3', 'p1', 'codex', 'failed', 4, { seconds: 120, iterations: 5, tokensIn: 500, tokensOut: 50, costUsd: 0 });
  addTask('a1', 'p2', 'command', 'running', 1, { iterations: 1, tokensIn: 0, tokensOut: 0, costUsd: 0 });
  // Filed ten days ago: outside the default window of 7 days.
  addTask('old', 'p2', 'command', 'completed', 240, { seconds: 10, iterations: 1, tokensIn: 7, tokensOut: 7, costUsd: 7 });
});
afterAll(async () => {
  await api?.close();
  removeDir(home);
});

const get = async (url: string) => {
  const res = await api.app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
};

describe('GET /api/metrics/summary, /by-project, /by-agent', () => {
  it('sums the tasks filed in the last 7 days', async () => {
    const { status, body } = await get('/api/metrics/summary');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      project: null,
      tasks: 4,
      ended: 3,
      completed: 2,
      meanIterations: 3,
      durationSeconds: { p50: 120, p95: 300 },
      tokensIn: 4500,
      tokensOut: 450,
      costUsd: 2,
    });
    expect(body.successRate).toBeCloseTo(2 / 3);
    expect(Date.parse(body.until as string) - Date.parse(body.since as string)).toBeCloseTo(7 * 24 * HOUR, -3);
  });

  it('takes a window and a project', async () => {
    expect((await get('/api/metrics/summary?since=30d')).body).toMatchObject({ tasks: 5, costUsd: 9 });
    expect((await get('/api/metrics/summary?since=150m&project=web')).body).toMatchObject({ project: 'web', tasks: 1, completed: 1, durationSeconds: { p50: 60, p95: 60 } });
    const until = new Date(now - 2.5 * HOUR).toISOString();
    expect((await get(`/api/metrics/summary?until=${until}`)).body).toMatchObject({ tasks: 2, tokensIn: 3500 });
  });

  it('groups by project and by agent, most tasks first', async () => {
    const byProject = await get('/api/metrics/by-project');
    expect((byProject.body.items as { project: string; tasks: number }[]).map((i) => [i.project, i.tasks])).toEqual([
      ['web', 3],
      ['api', 1],
    ]);
    const byAgent = (await get('/api/metrics/by-agent')).body.items as { agent: string; tasks: number; successRate: number | null }[];
    expect(byAgent.map((i) => [i.agent, i.tasks, i.successRate])).toEqual([
      ['claude-code', 2, 1],
      ['codex', 1, 0],
      ['command', 1, null],
    ]);
  });

  it('refuses what it cannot read, naming the field', async () => {
    expect(await get('/api/metrics/summary?since=yesterday')).toEqual({
      status: 400,
      body: { error: { code: 'validation_failed', message: 'since must be an ISO date or date-time, or a span like 7d, 24h or 30m; got "yesterday"' } },
    });
    expect((await get('/api/metrics/summary?since=1h&until=2h')).status).toBe(400);
    expect(await get('/api/metrics/by-agent?project=nope')).toEqual({ status: 404, body: { error: { code: 'not_found', message: "no project with id or name 'nope'" } } });
    expect((await get('/api/metrics/summary?window=7d')).status).toBe(400);
    expect((await api.app.inject({ method: 'GET', url: '/api/metrics/summary', headers: { authorization: '' } })).statusCode).toBe(401);
  });
});

describe('ringmaster stats', () => {
  const cli = (...args: string[]) => runCliAsync(['stats', ...args, '--api-url', apiUrl], { ...process.env, RINGMASTER_HOME: home });

  it('prints the figures as a table, by project or agent, or as JSON', async () => {
    const whole = await cli();
    expect(whole.status).toBe(0);
    expect(whole.stdout).toMatch(/TASKS\s+ENDED\s+SUCCESS\s+MEAN ITER\s+P50\s+P95\s+TOKENS IN\s+TOKENS OUT\s+COST/);
    expect(whole.stdout).toMatch(/\n4\s+3\s+67%\s+3\.0\s+2\.0m\s+5\.0m\s+4,500\s+450\s+\$2\.00\n/);

    const byProject = await cli('--by', 'project', '--since', '30d');
    expect(byProject.stdout).toMatch(/\nweb\s+3\s+3\s+67%/);
    expect(byProject.stdout).toMatch(/\napi\s+2\s+1\s+100%/);

    // No iteration named a model.
    const byModel = await cli('--by', 'model');
    expect(byModel.stdout).toMatch(/\nunknown\s+4\s+3\s+67%/);

    const json = await cli('--by', 'agent', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ items: [{ agent: 'claude-code', tasks: 2 }, { agent: 'codex' }, { agent: 'command' }] });
  });

  it('refuses a bad --by or --since with a message and exit code 1', async () => {
    expect(await cli('--by', 'cost')).toMatchObject({ status: 1, stdout: '', stderr: 'ringmaster: --by must be one of project, agent, model, got "cost"\n' });
    const since = await cli('--since', 'soon');
    expect(since.status).toBe(1);
    expect(since.stderr).toContain('since must be an ISO date or date-time');
  });
});
