import { afterEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { integrationWorkflowId } from '../../model/merge-queue.js';
import { WorkflowType } from '../../model/workflow-types.js';
import { eventually } from '../support/processes.js';
import { git, scriptedAgent, startHarness, type Harness } from '../support/task-harness.js';
import { removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

// The merge queue with real git: concurrent tasks, tests on the merged result, conflicts
// resolved by another iteration, continue-as-new.

let harness: Harness | undefined;
const repos: string[] = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const repo of repos.splice(0)) removeDir(repo);
});

const node = process.execPath;
// The project's tests: FLAG_A and FLAG_B exclude each other. Every run appends the checkout it
// ran in to a file outside the repository, so a test can tell the task's gate from the queue's.
const check = (runs: string) =>
  `import fs from 'node:fs'; fs.appendFileSync(${JSON.stringify(runs)}, process.cwd() + '\\n'); ` +
  "if (fs.existsSync('FLAG_A') && fs.existsSync('FLAG_B')) { console.error('FLAG_A and FLAG_B exclude each other'); process.exit(1); }\n";

interface Setup {
  h: Harness;
  repo: string;
  /** How many times the tests ran in a task's worktree (its gate) and in the merge queue. */
  testRuns: () => { gate: number; queue: number };
}

async function setup(label: string, project: Record<string, unknown> = {}, files: Record<string, string> = {}): Promise<Setup> {
  harness = await startHarness(label);
  const runs = path.join(harness.home, 'test-runs.log');
  const repo = makeTempGitRepo({ 'check.mjs': check(runs), 'shared.txt': 'original\n', ...files });
  repos.push(repo);
  const res = await harness.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'queue', repoPath: repo, testCommand: [node, 'check.mjs'], ...project } });
  expect(res.statusCode).toBe(201);
  const testRuns = () => {
    const dirs = fs.existsSync(runs) ? fs.readFileSync(runs, 'utf8').trim().split('\n') : [];
    const queue = dirs.filter((dir) => path.basename(dir).startsWith('.integration-')).length;
    return { gate: dirs.length - queue, queue };
  };
  return { h: harness, repo, testRuns };
}

async function fileTask(h: Harness, title: string, command: string[], maxIterations = 1): Promise<string> {
  const res = await h.app.inject({ method: 'POST', url: '/api/tasks', payload: { project: 'queue', title, agent: 'command', maxIterations, agentOptions: { command } } });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>().id;
}

const writer = (...filesAndContents: string[]) => [node, scriptedAgent('write-file.mjs'), ...filesAndContents];

function isAncestor(repo: string, ancestor: string, descendant: string): boolean {
  return spawnSync('git', ['merge-base', '--is-ancestor', ancestor, descendant], { cwd: repo }).status === 0;
}

describe('the merge queue', () => {
  it('merges two tasks that finish at the same moment one after the other, testing the second on top of the first', async () => {
    const { h, repo, testRuns } = await setup('pair');
    const [a, b] = await h.run(async () => {
      const ids = await Promise.all([fileTask(h, 'Add A', writer('a.txt', 'a\n')), fileTask(h, 'Add B', writer('b.txt', 'b\n'))]);
      return Promise.all(ids.map((id) => h.waitFor(id, undefined, 90_000)));
    });
    expect([a!.status, b!.status]).toEqual(['completed', 'completed']);
    const [first, second] = [a!, b!].sort((x, y) => (isAncestor(repo, x.finalCommit!, y.finalCommit!) ? -1 : 1));
    // The second merge contains the first: it was tested (and released) on top of it.
    expect(isAncestor(repo, first!.finalCommit!, second!.finalCommit!)).toBe(true);
    expect(git(repo, 'rev-parse', 'main')).toBe(second!.finalCommit);
    expect(git(repo, 'ls-tree', '--name-only', 'main').split('\n')).toEqual(expect.arrayContaining(['a.txt', 'b.txt']));
    // Each task's gate ran the tests; the queue ran them again only for the second, whose merged
    // content (with the first change) no gate had seen.
    expect(testRuns()).toEqual({ gate: 2, queue: 1 });
  });

  it("does not run the tests again when the merged content is exactly what the task's gate passed on", async () => {
    const { h, repo, testRuns } = await setup('reuse');
    const id = await fileTask(h, 'Add A', writer('a.txt', 'a\n'));
    const task = await h.run(() => h.waitFor(id, undefined, 90_000));
    expect(task).toMatchObject({ status: 'completed', error: null });
    expect(git(repo, 'rev-parse', 'main')).toBe(task.finalCommit);
    expect(testRuns()).toEqual({ gate: 1, queue: 0 });
    // The branch fast-forwarded main with the content its gate tested: the gate merged it, the queue never saw it.
    expect(fs.existsSync(path.join(h.home, 'logs', 'integration', 'queue'))).toBe(false);
    const projectId = h.api.store.projects.find('queue')!.id;
    const queues = [];
    for await (const run of h.api.client.workflow.list({ query: `WorkflowId = "${integrationWorkflowId(projectId)}"` })) queues.push(run);
    expect(queues).toEqual([]);
    // The merged commit counts as tested (a self release verifies that before it activates).
    expect(h.api.store.reloads.isTested(projectId, task.finalCommit!)).toBe(true);
    // The project has nothing to build, run or check: the merge is not followed by a release.
    expect(h.api.store.reloads.list({ projectId, limit: 10 })).toEqual([]);
    expect(fs.existsSync(path.join(h.home, 'releases', 'queue'))).toBe(false);
  });

  it('runs the tests again when the agent changed a copied ignored file the gate saw', async () => {
    const { h, repo, testRuns } = await setup('copied', { copyFiles: ['.env'] }, { '.gitignore': '.env\n' });
    fs.writeFileSync(path.join(repo, '.env'), 'MODE=strict\n');
    const id = await fileTask(h, 'Add A, loosen .env', writer('a.txt', 'a\n', '.env', 'MODE=loose\n'));
    const task = await h.run(() => h.waitFor(id, undefined, 90_000));
    expect(task).toMatchObject({ status: 'completed', error: null });
    expect(testRuns()).toEqual({ gate: 1, queue: 1 });
  });

  it('rejects a branch whose tests fail on the merged result; main keeps the first change only and the task is told why', async () => {
    const { h, repo } = await setup('tests-fail');
    const tasks = await h.run(async () => {
      const ids = await Promise.all([fileTask(h, 'Flag A', writer('FLAG_A', 'on\n')), fileTask(h, 'Flag B', writer('FLAG_B', 'on\n'))]);
      return Promise.all(ids.map((id) => h.waitFor(id, undefined, 90_000)));
    });
    const completed = tasks.filter((t) => t.status === 'completed');
    const failed = tasks.filter((t) => t.status === 'failed');
    expect(completed).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error).toMatch(
      /^the tests fail on the merged result with main: \(exit 1\) \| \[stderr\] FLAG_A and FLAG_B exclude each other \(worktree .* kept: they hold 1 unmerged commit\(s\)\)$/,
    );
    expect(git(repo, 'rev-parse', 'main')).toBe(completed[0]!.finalCommit);
    const files = git(repo, 'ls-tree', '--name-only', 'main').split('\n');
    expect(files.filter((f) => f.startsWith('FLAG_'))).toHaveLength(1);
  });

  it('sends a conflicting branch back to its agent, which merges main, resolves it and gets merged', async () => {
    const { h, repo } = await setup('rebase');
    const started = path.join(h.home, 'agent-started');
    const id = await fileTask(h, 'Change shared.txt', [node, scriptedAgent('merge-and-resolve.mjs'), started, 'shared.txt', 'from the task'], 3);
    const task = await h.run(async () => {
      await eventually(() => (fs.existsSync(started) ? true : undefined), 'the agent to start', 30_000);
      fs.writeFileSync(path.join(repo, 'shared.txt'), 'from someone else\n');
      git(repo, 'commit', '-qam', 'Someone else changes shared.txt');
      fs.rmSync(started);
      return h.waitFor(id, undefined, 90_000);
    });
    expect(task).toMatchObject({ status: 'completed', iterations: 2 });
    expect(fs.readFileSync(path.join(repo, 'shared.txt'), 'utf8')).toBe('from someone else\nfrom the task\n');
    const secondPrompt = fs.readFileSync(path.join(h.home, 'logs', 'tasks', id, 'prompt-2.md'), 'utf8');
    expect(secondPrompt).toContain('Your work could not be merged: `main` has moved since you started and conflicts with your branch in `shared.txt`');
  });

  it('continues as new before its history grows long, losing no candidate', async () => {
    const { h, repo } = await setup('continue');
    const projectId = h.api.store.projects.find('queue')!.id;
    // Start the queue ourselves with a tiny history limit; tasks then join it (update-with-start).
    await h.api.client.workflow.start(WorkflowType.integration, {
      taskQueue: h.taskQueue,
      workflowId: integrationWorkflowId(projectId),
      args: [{ projectId, historyLimit: 20 }],
    });
    const tasks = await h.run(async () => {
      const ids = await Promise.all(['one', 'two', 'three'].map((name) => fileTask(h, `Add ${name}`, writer(`${name}.txt`, `${name}\n`))));
      return Promise.all(ids.map((id) => h.waitFor(id, undefined, 120_000)));
    });
    expect(tasks.map((t) => t.status)).toEqual(['completed', 'completed', 'completed']);
    expect(git(repo, 'ls-tree', '--name-only', 'main').split('\n')).toEqual(expect.arrayContaining(['one.txt', 'two.txt', 'three.txt']));
    const runs = [];
    for await (const run of h.api.client.workflow.list({ query: `WorkflowId = "${integrationWorkflowId(projectId)}"` })) runs.push(run);
    expect(runs.length).toBeGreaterThan(1);
  }, 180_000);
});
