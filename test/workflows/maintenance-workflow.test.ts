import { afterEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import type { MaintenanceReport } from '../../model/maintenance.js';
import { git, scriptedAgent, startHarness, type Harness } from '../support/task-harness.js';
import { removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

// Maintenance (the hourly schedule, `ringmaster maintenance run`): the worktrees whose cleanup
// failed and the kept ones past the retention go, pinned and recent ones stay, logs are rotated
// and cut, the databases are backed up.

let harness: Harness | undefined;
const repos: string[] = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const repo of repos.splice(0)) removeDir(repo);
});

const node = process.execPath;
const DAY = 24 * 60 * 60_000;
const MB = 1024 * 1024;
const failsTests = "process.exit(require('node:fs').existsSync('never.txt') ? 0 : 1)\n";

interface WorktreeJson {
  taskId: string;
  kept: boolean;
  pinned: boolean;
  cleanupError: string | null;
  removableAfter: string | null;
}

describe('maintenance', () => {
  it('removes failed cleanups and kept worktrees past the retention, keeps pinned and recent ones, rotates and cuts logs, backs up', async () => {
    harness = await startHarness('maintenance');
    const h = harness;
    const repo = makeTempGitRepo({ 'check.cjs': failsTests });
    repos.push(repo);
    await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'tidy', repoPath: repo, testCommand: [node, 'check.cjs'] } });
    const file = async (title: string, command: string[]) => {
      const res = await h.app.inject({ method: 'POST', url: '/api/tasks', payload: { project: 'tidy', title, agent: 'command', maxIterations: 1, agentOptions: { command } } });
      expect(res.statusCode).toBe(201);
      return res.json<{ id: string }>().id;
    };
    const keptWork = (name: string) => [node, scriptedAgent('write-file.mjs'), `${name}.txt`, `${name}\n`];
    const old = await file('Old unmerged work', keptWork('old'));
    const pinned = await file('Pinned unmerged work', keptWork('pinned'));
    const fresh = await file('Recent unmerged work', keptWork('fresh'));

    const { reports, listed, afterwards } = await h.run(async () => {
      const ended = await Promise.all([old, pinned, fresh].map((id) => h.waitFor(id, undefined, 90_000)));
      expect(ended.map((t) => [t.status, t.worktreeKept])).toEqual([
        ['failed', true],
        ['failed', true],
        ['failed', true],
      ]);
      // A task whose cleanup failed: the project's tests pass for it, its worktree is locked.
      fs.writeFileSync(path.join(repo, 'never.txt'), '');
      git(repo, 'add', 'never.txt');
      git(repo, 'commit', '-qm', 'let the tests pass');
      const locked = await file('Locks its worktree', [node, scriptedAgent('lock-worktree.mjs'), 'locked.txt', 'locked\n']);
      const lockedTask = await h.waitFor(locked, undefined, 90_000);
      expect(lockedTask).toMatchObject({ status: 'completed', worktreeKept: true });
      expect(lockedTask.cleanupError).toContain('is locked');
      git(repo, 'worktree', 'unlock', lockedTask.worktreePath!);

      // Two of them ended 15 days ago (past the default 14), one of those is pinned.
      const longAgo = new Date(Date.now() - 15 * DAY).toISOString();
      h.api.db.prepare('UPDATE tasks SET finished_at = ? WHERE id IN (?, ?)').run(longAgo, old, pinned);
      expect((await h.app.inject({ method: 'PATCH', url: `/api/tasks/${pinned}`, payload: { pinned: true } })).statusCode).toBe(200);
      // A process log past RINGMASTER_LOG_MAX_MB (20), and a finished task's log past it, untouched for 2 hours.
      fs.writeFileSync(path.join(h.home, 'logs', 'worker.log'), 'w'.repeat(21 * MB));
      const taskLog = path.join(h.home, 'logs', 'tasks', fresh, 'iteration-1.log');
      fs.appendFileSync(taskLog, 'a'.repeat(21 * MB));
      const quiet = new Date(Date.now() - 2 * 60 * 60_000);
      fs.utimesSync(taskLog, quiet, quiet);

      const listed = (await h.app.inject({ method: 'GET', url: '/api/worktrees' })).json<{ items: WorktreeJson[] }>().items;
      const dry = await h.app.inject({ method: 'POST', url: '/api/maintenance', payload: { dryRun: true } });
      const wet = await h.app.inject({ method: 'POST', url: '/api/maintenance' });
      const afterwards = (await h.app.inject({ method: 'GET', url: '/api/worktrees' })).json<{ items: WorktreeJson[] }>().items;
      return { reports: { dry: [dry.statusCode, dry.json<MaintenanceReport>()] as const, wet: [wet.statusCode, wet.json<MaintenanceReport>()] as const, locked: lockedTask }, listed, afterwards };
    });
    const locked = reports.locked;
    const byId = (items: WorktreeJson[]) => new Map(items.map((item) => [item.taskId, item]));

    const before = byId(listed);
    expect([...before.keys()].sort()).toEqual([old, pinned, fresh, locked.id].sort());
    expect(Date.parse(before.get(old)!.removableAfter!)).toBeLessThan(Date.now());
    expect(before.get(pinned)).toMatchObject({ pinned: true, removableAfter: null });
    expect(Date.parse(before.get(fresh)!.removableAfter!)).toBeGreaterThan(Date.now() + 13 * DAY);
    expect(before.get(locked.id)!.cleanupError).toContain('is locked');

    const [dryStatus, dry] = reports.dry;
    expect(dryStatus).toBe(200);
    expect(dry).toMatchObject({ dryRun: true, backup: null, unreachableHosts: [] });
    expect(dry.hosts.map((host) => host.hostId)).toEqual(['test-host']);
    expect(dry.hosts[0]!.removedWorktrees.map((r) => [r.taskId, r.note]).sort()).toEqual(
      [
        [old, 'would clean up (retention)'],
        [locked.id, 'would clean up (cleanup-failed)'],
      ].sort(),
    );

    const [wetStatus, wet] = reports.wet;
    expect(wetStatus).toBe(200);
    expect(fs.existsSync(wet.backup!.file)).toBe(true);
    const host = wet.hosts[0]!;
    expect(host.removedWorktrees.map((r) => r.taskId).sort()).toEqual([old, locked.id].sort());
    expect(host.failedCleanups).toEqual([]);
    expect(host.rotatedLogs).toEqual([path.join(h.home, 'logs', 'worker.log')]);
    expect(host.trimmedTaskLogs).toEqual([path.join(h.home, 'logs', 'tasks', fresh, 'iteration-1.log')]);

    const oldTask = h.api.store.tasks.get(old)!;
    expect(oldTask.worktreeKept).toBe(false);
    expect(fs.existsSync(oldTask.worktreePath!)).toBe(false);
    expect(git(repo, 'branch', '--list', oldTask.branch!)).toBe('');
    expect(h.api.store.tasks.get(locked.id)).toMatchObject({ cleanupError: null, worktreeKept: false });
    expect(fs.existsSync(locked.worktreePath!)).toBe(false);
    for (const id of [pinned, fresh]) expect(fs.existsSync(h.api.store.tasks.get(id)!.worktreePath!)).toBe(true);
    expect([...byId(afterwards).keys()].sort()).toEqual([pinned, fresh].sort());
    expect(
      git(repo, 'worktree', 'list', '--porcelain')
        .split('\n')
        .filter((line) => line.startsWith('worktree ')).length,
    ).toBe(3);

    expect(fs.statSync(path.join(h.home, 'logs', 'worker.log')).size).toBe(0);
    expect(fs.statSync(path.join(h.home, 'logs', 'worker.log.1')).size).toBe(21 * MB);
    const cut = fs.readFileSync(path.join(h.home, 'logs', 'tasks', fresh, 'iteration-1.log'), 'utf8');
    expect(cut.length).toBeLessThan(11 * MB);
    expect(cut).toContain('bytes cut by ringmaster maintenance');
  }, 240_000);
});
