import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { calendarMonth } from '../../model/monthly-budget.js';
import { scriptedAgent, startHarness, type Harness } from '../support/task-harness.js';
import { removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

// A project's budget per calendar month on a real Temporal server: once spent, a running task
// finishes its iteration and then waits, a new one waits before its first, both as
// waiting_for_budget with the amount and the reset; raising the budget lets both go on.

let harness: Harness;
let repo: string;

beforeAll(async () => {
  harness = await startHarness('monthly-budget');
  repo = makeTempGitRepo({ 'check.mjs': "import fs from 'node:fs'; process.exit(fs.existsSync('done.txt') ? 0 : 1);\n" });
  const res = await harness.app.inject({
    method: 'POST',
    url: '/api/projects',
    payload: { name: 'budgeted', repoPath: repo, agent: 'command', budgetUsdPerMonth: 0.5, testCommand: [process.execPath, 'check.mjs'] },
  });
  expect(res.statusCode).toBe(201);
  expect(res.json()).toMatchObject({ budgetUsdPerMonth: 0.5 });
});

afterAll(async () => {
  await harness.close();
  removeDir(repo);
});

describe('a monthly project budget', () => {
  it('holds tasks once spent and lets them go on when raised', async () => {
    const h = harness;
    const file = async (title: string) => {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/tasks',
        payload: { project: 'budgeted', title, maxIterations: 3, agentOptions: { command: [process.execPath, scriptedAgent('spend-then-finish.mjs'), '0.75'] } },
      });
      expect(res.statusCode).toBe(201);
      return res.json<{ id: string }>().id;
    };
    const resetsAt = calendarMonth(new Date()).end;
    const [running, waiting] = await h.run(async () => {
      const first = await file('Spends the month');
      // Its first iteration spends $0.75 of $0.50: it ends that iteration, then waits before the next.
      const spent = await h.waitFor(first, ['waiting_for_budget']);
      expect(spent.iterations).toBe(1);
      expect(spent.step).toBe(`waiting for budget: the project spent $0.7500 of its $0.5000 for the month; resumes at ${resetsAt}, or when the budget is raised`);
      const second = await file('Comes later');
      const held = await h.waitFor(second, ['waiting_for_budget']);
      expect(held.iterations).toBe(0);
      expect(fs.existsSync(path.join(held.worktreePath ?? '', 'started.txt'))).toBe(false);

      const raised = await h.app.inject({ method: 'PATCH', url: '/api/projects/budgeted', payload: { budgetUsdPerMonth: 5 } });
      expect(raised.statusCode).toBe(200);
      return [await h.waitFor(first), await h.waitFor(second)];
    });
    expect(running).toMatchObject({ status: 'completed', iterations: 2 });
    expect(waiting).toMatchObject({ status: 'completed', iterations: 2 });
    expect(running.costUsd + waiting.costUsd).toBeCloseTo(1.5);
  }, 180_000);
});
