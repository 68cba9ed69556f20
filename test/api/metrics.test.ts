import { afterEach, describe, expect, it } from '@jest/globals';
import { eventually } from '../support/processes.js';
import { startHarness, scriptedAgent, type Harness } from '../support/task-harness.js';
import { removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

// GET /metrics after real tasks on a real Temporal server: the values, not only the names.

let harness: Harness | undefined;
const repos: string[] = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const repo of repos.splice(0)) removeDir(repo);
});

const node = process.execPath;

/** A sample's name and labels in one order, whatever order the exposition wrote them in. */
const key = (name: string, labels: Record<string, string> = {}) =>
  `${name}{${Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',')}}`;

/** The samples of the Prometheus text format, by `key`. */
function samples(text: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]));
    found.set(key(match[1]!, labels), Number(match[3]));
  }
  return found;
}

describe('GET /metrics', () => {
  it('counts tasks, iterations, tokens, cost, durations and requests of real tasks', async () => {
    harness = await startHarness('metrics');
    const h = harness;
    const dir = makeTempGitRepo({ 'README.md': '# demo\n', 'check.mjs': "import fs from 'node:fs'; process.exit(fs.existsSync('hello.txt') ? 0 : 1);\n" });
    repos.push(dir);
    expect((await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'demo', repoPath: dir, testCommand: `${node} check.mjs`, buildCommand: `${node} -e 0` } })).statusCode).toBe(
      201,
    );
    const file = async (title: string, command: string[]) => {
      const res = await h.app.inject({ method: 'POST', url: '/api/tasks', payload: { project: 'demo', title, agent: 'command', maxIterations: 1, agentOptions: { command } } });
      expect(res.statusCode).toBe(201);
      return res.json<{ id: string }>().id;
    };
    // One that succeeds (its agent reports 1200 tokens in, 80 out, $0.01), one whose agent fails.
    const done = await file('Say hello', [node, scriptedAgent('write-file.mjs'), 'hello.txt', 'hello\n']);
    const broken = await file('Break', [node, '-e', "console.error('no'); process.exit(2)"]);
    // Scraped while the workers run, so they are live.
    const res = await h.run(async () => {
      expect(await h.waitFor(done)).toMatchObject({ status: 'completed' });
      expect(await h.waitFor(broken)).toMatchObject({ status: 'failed' });
      // Scraped until the workers' first heartbeat is in (other suites' workers may show in /api/workers sooner).
      return eventually(async () => {
        const scraped = await h.app.inject({ method: 'GET', url: '/metrics' });
        return (samples(scraped.body).get(key('ringmaster_workers', { status: 'running' })) ?? 0) >= 1 ? scraped : undefined;
      }, 'a running worker in /metrics');
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain; version=0.0.4');
    const m = samples(res.body);
    const of = { project: 'demo', agent: 'command' };
    expect(m.get(key('ringmaster_tasks', { ...of, status: 'completed' }))).toBe(1);
    expect(m.get(key('ringmaster_tasks', { ...of, status: 'failed' }))).toBe(1);
    // The command agent names no model.
    const ofModel = { ...of, model: 'unknown' };
    expect(m.get(key('ringmaster_iterations_total', { ...ofModel, outcome: 'success' }))).toBe(1);
    expect(m.get(key('ringmaster_iterations_total', { ...ofModel, outcome: 'agent_error' }))).toBe(1);
    expect(m.get(key('ringmaster_agent_tokens_total', { ...ofModel, direction: 'in' }))).toBe(1200);
    expect(m.get(key('ringmaster_agent_tokens_total', { ...ofModel, direction: 'out' }))).toBe(80);
    expect(m.get(key('ringmaster_agent_cost_usd_total', ofModel))).toBeCloseTo(0.01);
    expect(m.get(key('ringmaster_agent_run_duration_seconds_count', of))).toBe(2);
    expect(m.get(key('ringmaster_agent_run_duration_seconds_sum', of))).toBeGreaterThan(0);
    expect(m.get(key('ringmaster_agent_run_duration_seconds_bucket', { ...of, le: '+Inf' }))).toBe(2);
    expect(m.get(key('ringmaster_task_duration_seconds_count', of))).toBe(2);
    // With a release to make (its build), the completed task went through the merge queue once; the
    // failed one never got there; none is in it now.
    expect(m.get(key('ringmaster_merge_queue_wait_seconds_count', { project: 'demo' }))).toBe(1);
    expect(m.get(key('ringmaster_merge_queue_wait_seconds_sum', { project: 'demo' }))).toBeGreaterThan(0);
    expect(m.get(key('ringmaster_merge_queue_depth', { project: 'demo' }))).toBe(0);
    expect(m.get(key('ringmaster_releases_total', { project: 'demo', outcome: 'deployed' }))).toBe(1);
    // Requests by route pattern, not by URL.
    expect(m.get(key('ringmaster_api_request_duration_seconds_count', { method: 'POST', route: '/api/tasks', status_code: '201' }))).toBe(2);
    expect(m.get(key('ringmaster_api_request_duration_seconds_count', { method: 'POST', route: '/api/projects', status_code: '201' }))).toBe(1);
    expect(m.get(key('ringmaster_process_resident_memory_bytes'))).toBeGreaterThan(0);
    expect(m.get(key('ringmaster_temporal_reachable'))).toBe(1);
    expect(m.get(key('ringmaster_workers', { status: 'running' }))).toBeGreaterThanOrEqual(1);
    const slots = m.get(key('ringmaster_agent_slots', { state: 'total' }))!;
    expect(slots).toBeGreaterThanOrEqual(1);
    // As the last heartbeats said: the runs may have ended since.
    expect(m.get(key('ringmaster_agent_slots', { state: 'used' }))).toBeLessThanOrEqual(slots);

    // Like every route: no token, no metrics.
    expect((await h.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: '' } })).statusCode).toBe(401);
  }, 120_000);
});
