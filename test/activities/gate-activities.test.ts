import { afterEach, describe, expect, it } from '@jest/globals';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createHostActivities, type GateResult, type WorktreeInfo } from '../../activities/host-activities.js';
import { resolveSettings } from '../../config/server-settings.js';
import { DEFAULT_PROMPT_SETTINGS } from '../../model/prompt-settings.js';
import type { ReleaseSettings } from '../../model/reload.js';
import { resolveTaskPlan, type ProjectSettings } from '../../model/task-plan.js';
import type { TaskPlan } from '../../model/task.js';
import { createSecretVault } from '../../secrets/secret-vault.js';
import { ensureSecretKey } from '../../secrets/secret-key.js';
import { storedRemoteCredentials } from '../../secrets/remote-credential.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';
import { openTestStore } from '../support/temporal.js';

// The test gate as the worker registers it, in the SDK's activity test environment, on a real
// repository: it merges a branch itself only in the queue's cheapest case, and a retry after its
// merge finds it done.

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@ringmaster.invalid', ...args], { cwd, encoding: 'utf8' }).trim();
const env = () => new MockActivityEnvironment({}, { logger: new DefaultLogger('WARN') });
type Activities = ReturnType<typeof createHostActivities>;
const prepare = async (activities: Activities, plan: TaskPlan): Promise<WorktreeInfo> => env().run(activities.prepareWorktree, { plan });
const gateOf = async (activities: Activities, input: Parameters<Activities['testAndMerge']>[0]): Promise<GateResult> => env().run(activities.testAndMerge, input);

function setUp(overrides: { testCommand?: string[]; buildCommand?: string[] } = {}) {
  const home = makeTempDir('ringmaster-gate-');
  const repo = makeTempGitRepo({ 'README.md': '# demo\n' });
  cleanups.push(
    () => removeDir(home),
    () => removeDir(repo),
  );
  const { db, store } = openTestStore(home);
  cleanups.push(() => db.close());
  const secrets = createSecretVault({ repository: store.secrets, key: ensureSecretKey(home) });
  const activities = createHostActivities({ home, hostId: 'host', settings: resolveSettings({ RINGMASTER_HOME: home }), secrets, remoteCredential: storedRemoteCredentials(store.projects, secrets) });
  const testCommand = overrides.testCommand ?? [process.execPath, '-e', "process.exit(require('fs').existsSync('done.txt') ? 0 : 1)"];
  const settings: ProjectSettings = {
    id: 'p1',
    name: 'demo',
    repoPath: repo,
    defaultBranch: 'main',
    testCommand,
    setupCommand: null,
    copyFiles: [],
    agent: 'command',
    maxIterations: 3,
    budgetUsd: null,
    linkFiles: [],
    maxConcurrentTasks: null,
    lintCommand: null,
    prompt: DEFAULT_PROMPT_SETTINGS,
  };
  const plan = resolveTaskPlan('mx6gate00001', { project: 'demo', title: 'Add done.txt', agent: 'command', agentOptions: { command: ['true'] } }, settings);
  const project: ReleaseSettings = {
    projectId: 'p1',
    projectName: 'demo',
    repoPath: repo,
    defaultBranch: 'main',
    testCommand,
    setupCommand: null,
    copyFiles: [],
    linkFiles: [],
    buildCommand: overrides.buildCommand ?? null,
    reloadCommand: null,
    healthUrl: null,
    healthCheckSeconds: 10,
    self: false,
  };
  return { home, repo, plan, project, activities };
}

describe('testAndMerge', () => {
  it('fast-forwards the default branch with the tested content and cleans up; a retry finds it done', async () => {
    const { home, repo, plan, project, activities } = setUp();
    const worktree = await prepare(activities, plan);
    fs.writeFileSync(path.join(worktree.worktreePath, 'done.txt'), 'done\n');
    const input = { plan, iteration: 1, worktreePath: worktree.worktreePath, summary: 'Added it.', project };
    const gate = await gateOf(activities, input);
    expect(gate.tests.passed).toBe(true);
    expect(gate.merged).toEqual({ commit: gate.headCommit, previousTip: worktree.baseCommit });
    expect(git(repo, 'rev-parse', 'main')).toBe(gate.headCommit);
    expect(git(repo, 'show', 'main:done.txt')).toBe('done');
    expect(gate.cleanup).toMatchObject({ removed: true, kept: false });
    expect(fs.existsSync(worktree.worktreePath)).toBe(false);
    expect(git(repo, 'branch', '--list', worktree.branch)).toBe('');
    expect(fs.existsSync(path.join(home, 'logs', 'tasks', plan.taskId, 'gate-1.json'))).toBe(true);

    // The activity retried after it merged (its worker died before it could report): the same answer, nothing moves.
    const again = await gateOf(activities, input);
    expect(again).toMatchObject({ headCommit: gate.headCommit, merged: gate.merged, tests: { passed: true } });
    expect(git(repo, 'rev-parse', 'main')).toBe(gate.headCommit);
    expect(git(repo, 'log', '--format=%s', 'main')).toBe('Add done.txt\nInitial commit');
  });

  it('leaves the merge to the queue when the default branch moved, and gives failing tests back without committing', async () => {
    const { repo, plan, project, activities } = setUp();
    const worktree = await prepare(activities, plan);
    const input = { plan, iteration: 1, worktreePath: worktree.worktreePath, summary: '', project };
    const failing = await gateOf(activities, input);
    expect(failing).toEqual({ tests: expect.objectContaining({ passed: false }) });
    expect(git(worktree.worktreePath, 'rev-parse', 'HEAD')).toBe(worktree.baseCommit);

    fs.writeFileSync(path.join(worktree.worktreePath, 'done.txt'), 'done\n');
    fs.writeFileSync(path.join(repo, 'other.txt'), 'other\n');
    git(repo, 'add', 'other.txt');
    git(repo, 'commit', '-q', '-m', 'Someone else landed first');
    const moved = git(repo, 'rev-parse', 'main');
    const gate = await gateOf(activities, { ...input, iteration: 2 });
    expect(gate.tests.passed).toBe(true);
    expect(gate.merged).toBeUndefined();
    expect(gate.headCommit).toBe(git(worktree.worktreePath, 'rev-parse', 'HEAD'));
    expect(git(repo, 'rev-parse', 'main')).toBe(moved);
    expect(fs.existsSync(worktree.worktreePath)).toBe(true);
  });

  it('leaves the merge to the queue when the project has something to release', async () => {
    const { repo, plan, project, activities } = setUp({ buildCommand: ['true'] });
    const worktree = await prepare(activities, plan);
    fs.writeFileSync(path.join(worktree.worktreePath, 'done.txt'), 'done\n');
    const gate = await gateOf(activities, { plan, iteration: 1, worktreePath: worktree.worktreePath, summary: '', project });
    expect(gate.tests.passed).toBe(true);
    expect(gate.merged).toBeUndefined();
    expect(git(repo, 'rev-parse', 'main')).toBe(worktree.baseCommit);
  });
});

describe('an unstartable test command', () => {
  it('is a test failure in the same words at the gate and in the merge queue', async () => {
    const { plan, project, activities } = setUp({ testCommand: ['ringmaster-no-such-test-runner', 'run'] });
    const worktree = await prepare(activities, plan);
    fs.writeFileSync(path.join(worktree.worktreePath, 'done.txt'), 'done\n');
    const gate = await gateOf(activities, { plan, iteration: 1, worktreePath: worktree.worktreePath, summary: '', project });
    expect(gate.tests).toMatchObject({ passed: false, exitCode: null, command: 'ringmaster-no-such-test-runner run' });
    expect(gate.tests.outputTail).toMatch(/^\(.*ringmaster-no-such-test-runner.*\)/);

    // The same branch reaching the queue (submitted by hand, so without a gate's pass to reuse).
    git(worktree.worktreePath, 'add', 'done.txt');
    git(worktree.worktreePath, 'commit', '-q', '-m', 'Add done.txt');
    const candidate = { taskId: plan.taskId, taskWorkflowId: 'task-' + plan.taskId, branch: worktree.branch, headCommit: git(worktree.worktreePath, 'rev-parse', 'HEAD'), title: plan.title };
    const queued = await env().run(activities.testCandidate, { project, candidate, attempt: 1 });
    expect(queued).toEqual({
      kind: 'verdict',
      result: { outcome: 'tests_failed', tests: { command: gate.tests.command, output: gate.tests.outputTail }, tested: true },
    });
  });
});
