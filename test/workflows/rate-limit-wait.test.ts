import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import type { TaskRecord } from '../../store/task-repository.js';
import { scriptedAgent, startHarness, type Harness } from '../support/task-harness.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

// Rate limits on a real Temporal server: a run stopped by one makes the task wait on a durable
// timer (waiting_for_rate_limit, "resumes at …"), then run the iteration again without counting
// it; a project that fails on rate limits, or a reset past its maximum wait, fails the task.

let harness: Harness;
let repo: string;
let scratch: string;
const runsFile = (project: string) => path.join(scratch, `${project}.runs`);
// The three tasks run at once, under one run of the harness's workers.
let waiting: TaskRecord;
let ended: Record<'waits' | 'fails' | 'shortWait', TaskRecord>;

async function file(project: string, limited: number, seconds: number): Promise<string> {
  const command = [process.execPath, scriptedAgent('rate-limited-first.mjs'), runsFile(project), String(limited), String(seconds), 'done.txt', 'done\n'];
  const res = await harness.app.inject({ method: 'POST', url: '/api/tasks', payload: { project, title: `Rate limited in ${project}`, maxIterations: 1, agentOptions: { command } } });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>().id;
}

beforeAll(async () => {
  harness = await startHarness('rate-limit');
  repo = makeTempGitRepo({ 'check.mjs': "import fs from 'node:fs'; process.exit(fs.existsSync('done.txt') ? 0 : 1);\n" });
  scratch = makeTempDir('ringmaster-rate-limit-');
  const projects = [
    { name: 'waits', repoPath: repo, agent: 'command', testCommand: [process.execPath, 'check.mjs'] },
    { name: 'fails', repoPath: repo, agent: 'command', onRateLimit: 'fail' },
    { name: 'short-wait', repoPath: repo, agent: 'command', rateLimitMaxWaitMinutes: 1 },
  ];
  for (const payload of projects) expect((await harness.app.inject({ method: 'POST', url: '/api/projects', payload })).statusCode).toBe(201);
  const h = harness;
  await h.run(async () => {
    const [waits, fails, shortWait] = [await file('waits', 2, 2), await file('fails', 1, 2), await file('short-wait', 1, 600)];
    waiting = await h.waitFor(waits, ['waiting_for_rate_limit']);
    ended = { waits: await h.waitFor(waits, undefined, 60_000), fails: await h.waitFor(fails, undefined, 60_000), shortWait: await h.waitFor(shortWait, undefined, 60_000) };
  });
}, 120_000);

afterAll(async () => {
  await harness.close();
  removeDir(repo);
  removeDir(scratch);
});

const runTimes = (project: string) => fs.readFileSync(runsFile(project), 'utf8').split('\n').filter(Boolean).map(Date.parse);

describe('an agent stopped by a rate limit', () => {
  it('waits for the reset it reported and runs the iteration again, not counting it', () => {
    expect(waiting.step).toMatch(/^rate limited: command hit a rate limit \(.*429 Too Many Requests.*\); resumes at \d{4}-\d\d-\d\dT[\d:.]+Z$/);
    // Two rate-limited runs and the one that worked, with maxIterations 1.
    expect(ended.waits).toMatchObject({ status: 'completed', outcome: 'success' });
    expect(harness.api.store.iterations.list(ended.waits.id).map((iteration) => iteration.outcome)).toEqual(['rate_limited', 'rate_limited', 'success']);
    const [first, second, third] = runTimes('waits');
    expect(second! - first!).toBeGreaterThanOrEqual(2000);
    expect(third! - second!).toBeGreaterThanOrEqual(2000);
    expect(fs.readFileSync(path.join(repo, 'done.txt'), 'utf8')).toBe('done\n');
  });

  it('fails the task when its project fails on rate limits', () => {
    expect(ended.fails).toMatchObject({ status: 'failed', outcome: 'rate_limited' });
    expect(ended.fails.error).toMatch(/^the agent hit a rate limit and the project fails on rate limits \(onRateLimit "fail"\): The command failed/);
    expect(runTimes('fails')).toHaveLength(1);
  });

  it('fails the task when the limit resets later than the maximum wait', () => {
    expect(ended.shortWait).toMatchObject({ status: 'failed', outcome: 'rate_limited' });
    expect(ended.shortWait.error).toMatch(/^the agent hit a rate limit that resets at \S+, later than the project's maximum wait of 1 minute\(s\)/);
    expect(runTimes('short-wait')).toHaveLength(1);
  });
});
