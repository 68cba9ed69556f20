import { afterEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { readCurrent } from '../../release/current-release.js';
import { startProjectWatcher } from '../../worker/project-watcher.js';
import { projectPaths } from '../../config/paths.js';
import type { ReloadRecord } from '../../store/reload-repository.js';
import { eventually } from '../support/processes.js';
import { makeServiceProject, type ServiceProject } from '../support/service-project.js';
import { git, scriptedAgent, startHarness, type Harness } from '../support/task-harness.js';

// Merge, release, health check and rollback of a real (tiny) service: its reload command starts
// a real server from the release directory; its health URL is asked over HTTP.

let harness: Harness | undefined;
let service: ServiceProject | undefined;
afterEach(async () => {
  await harness?.close();
  service?.close();
  harness = undefined;
  service = undefined;
});

const node = process.execPath;

async function fileWrite(h: Harness, project: string, title: string, file: string, content: string): Promise<string> {
  const res = await h.app.inject({
    method: 'POST',
    url: '/api/tasks',
    payload: { project, title, agent: 'command', maxIterations: 1, agentOptions: { command: [node, scriptedAgent('write-file.mjs'), file, content] } },
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>().id;
}

function reloadsOf(h: Harness): ReloadRecord[] {
  return h.api.store.reloads.list({ limit: 50 });
}

describe('merge queue and hot reload of a service', () => {
  it('releases a good change: merged, tested, built, reloaded, healthy on the new commit', async () => {
    harness = await startHarness('deploy');
    service = await makeServiceProject();
    const h = harness;
    const s = service;
    expect((await h.app.inject({ method: 'POST', url: '/api/projects', payload: s.projectBody('svc') })).statusCode).toBe(201);
    const id = await fileWrite(h, 'svc', 'Bump the version', 'VERSION', '2\n');
    const task = await h.run(() => h.waitFor(id, undefined, 90_000));

    expect(task).toMatchObject({ status: 'completed', error: null });
    expect(task.finalCommit).toBe(git(s.repo, 'rev-parse', 'main'));
    expect(await s.health()).toMatchObject({ status: 200, body: { commit: task.finalCommit, version: '2' } });
    const [reload] = reloadsOf(h);
    expect(reload).toMatchObject({ status: 'deployed', trigger: 'merge', taskId: id, toCommit: task.finalCommit, fromCommit: null, compensations: [] });
    expect(reload!.steps.map((step) => [step.name, step.status])).toEqual([
      ['record-last-good', 'ok'],
      ['choose-hosts', 'ok'],
      ['build', 'ok'],
      ['activate', 'ok'],
      ['health-check', 'ok'],
    ]);
    expect(readCurrent(projectPaths(h.home, 'svc').current)).toBe(projectPaths(h.home, 'svc').release(task.finalCommit!));
    const view = await h.app.inject({ method: 'GET', url: `/api/reloads/${reload!.id}` });
    expect(view.json()).toMatchObject({ id: reload!.id, projectName: 'svc', status: 'deployed' });
  }, 120_000);

  it('rolls back a change that passes the tests but fails the health check, with a revert commit on main', async () => {
    harness = await startHarness('rollback');
    service = await makeServiceProject();
    const h = harness;
    const s = service;
    // A broken release gets 3 s to answer 2xx.
    await h.app.inject({ method: 'POST', url: '/api/projects', payload: s.projectBody('svc', { healthCheckSeconds: 3 }) });
    const { good, bad } = await h.run(async () => {
      const goodId = await fileWrite(h, 'svc', 'Version 2', 'VERSION', '2\n');
      const good = await h.waitFor(goodId, undefined, 90_000);
      const badId = await fileWrite(h, 'svc', 'Break the service', 'BROKEN', 'yes\n');
      const bad = await h.waitFor(badId, undefined, 120_000);
      return { good, bad };
    });
    expect(good.status).toBe('completed');
    expect(bad.status).toBe('failed');
    expect(bad.error).toMatch(/^merged as [0-9a-f]{40}, but the release was rolled back: health check failed after [1-3] attempt\(s\) in 3 s: .* answered 500/);
    expect(bad.error).toMatch(/the change was reverted on main by [0-9a-f]{40}$/);

    // The old release serves again.
    expect(await s.health()).toMatchObject({ status: 200, body: { commit: good.finalCommit, version: '2' } });
    // History is kept: the bad commit stays, a revert commit on top restores the good content.
    const revert = git(s.repo, 'rev-parse', 'main');
    expect(git(s.repo, 'rev-parse', 'main^{tree}')).toBe(git(s.repo, 'rev-parse', `${good.finalCommit}^{tree}`));
    expect(git(s.repo, 'log', '--format=%s', '-1', 'main')).toMatch(/^Roll back [0-9a-f]{12}\.\.[0-9a-f]{12}: release [0-9a-f]{12} failed$/);
    expect(git(s.repo, 'merge-base', '--is-ancestor', bad.finalCommit!, 'main')).toBe('');
    expect(fs.existsSync(path.join(s.repo, 'BROKEN'))).toBe(false);

    const rolledBack = reloadsOf(h).find((r) => r.toCommit === bad.finalCommit)!;
    expect(rolledBack).toMatchObject({ status: 'rolled_back', fromCommit: good.finalCommit, revertCommit: revert });
    expect(rolledBack.steps.map((step) => [step.name, step.status])).toEqual([
      ['record-last-good', 'ok'],
      ['choose-hosts', 'ok'],
      ['build', 'ok'],
      ['activate', 'ok'],
      ['health-check', 'failed'],
    ]);
    expect(rolledBack.compensations.map((c) => [c.name, c.status])).toEqual([
      ['reactivate-previous-release', 'ok'],
      ['discard-release', 'ok'],
      ['revert-default-branch', 'ok'],
    ]);
    expect(readCurrent(projectPaths(h.home, 'svc').current)).toBe(projectPaths(h.home, 'svc').release(good.finalCommit!));
  }, 240_000);

  it("rolls a project's first release back to the content before the merge, saying so", async () => {
    harness = await startHarness('first-rollback');
    service = await makeServiceProject();
    const h = harness;
    const s = service;
    const before = git(s.repo, 'rev-parse', 'main');
    await h.app.inject({ method: 'POST', url: '/api/projects', payload: s.projectBody('svc', { healthCheckSeconds: 2 }) });
    const bad = await h.run(async () => h.waitFor(await fileWrite(h, 'svc', 'Break it on day one', 'BROKEN', 'yes\n'), undefined, 120_000));
    expect(bad.status).toBe('failed');
    const reload = reloadsOf(h).find((r) => r.toCommit === bad.finalCommit)!;
    expect(reload).toMatchObject({ status: 'rolled_back', fromCommit: null });
    expect(reload.revertCommit).toBe(git(s.repo, 'rev-parse', 'main'));
    expect(git(s.repo, 'rev-parse', 'main^{tree}')).toBe(git(s.repo, 'rev-parse', `${before}^{tree}`));
    const revert = reload.compensations.find((c) => c.name === 'revert-default-branch')!;
    expect(revert).toMatchObject({ status: 'ok', detail: expect.stringContaining(`nothing was released before: back to the content before the merge, ${before.slice(0, 12)}`) });
  }, 180_000);

  it('reverts only the failed change, keeping what a person landed meanwhile; a conflicting one stops the rollback', async () => {
    harness = await startHarness('range-rollback');
    service = await makeServiceProject();
    const h = harness;
    const s = service;
    // A slow health check: the window in which a person lands a commit on main.
    await h.app.inject({ method: 'POST', url: '/api/projects', payload: s.projectBody('svc', { healthCheckSeconds: 4 }) });
    const personCommitsWhileChecking = async (badId: string, files: Record<string, string>) => {
      await eventually(
        () => {
          const reload = reloadsOf(h).find((r) => r.taskId === badId);
          return reload?.steps.some((step) => step.name === 'activate' && step.status === 'ok') ? true : undefined;
        },
        'the failing release to be health-checked',
        90_000,
      );
      for (const [file, content] of Object.entries(files)) fs.writeFileSync(path.join(s.repo, file), content);
      git(s.repo, 'add', '--all');
      git(s.repo, 'commit', '-qm', `A person lands ${Object.keys(files).join(', ')}`);
      return git(s.repo, 'rev-parse', 'main');
    };
    const { first, second } = await h.run(async () => {
      await h.waitFor(await fileWrite(h, 'svc', 'Version 2', 'VERSION', '2\n'), undefined, 90_000);
      const badId = await fileWrite(h, 'svc', 'Break it', 'BROKEN', 'yes\n');
      const person = await personCommitsWhileChecking(badId, { 'NOTES.md': 'kept\n' });
      const first = { bad: await h.waitFor(badId, undefined, 120_000), person };
      // Then a person edits the very file a failed change adds: undoing it would lose their edit.
      const againId = await fileWrite(h, 'svc', 'Break it again', 'BROKEN', 'yes\n');
      const edit = await personCommitsWhileChecking(againId, { BROKEN: 'a person rewrote this\n' });
      return { first, second: { bad: await h.waitFor(againId, undefined, 120_000), person: edit } };
    });
    expect(first.bad.status).toBe('failed');
    const firstReload = reloadsOf(h).find((r) => r.toCommit === first.bad.finalCommit)!;
    expect(firstReload).toMatchObject({ status: 'rolled_back' });
    // The failed change went; the person's commit stays, and the revert sits on top of it.
    expect(git(s.repo, 'rev-parse', `${firstReload.revertCommit}^`)).toBe(first.person);
    expect(git(s.repo, 'show', `${firstReload.revertCommit}:NOTES.md`)).toBe('kept');
    expect(() => git(s.repo, 'show', `${firstReload.revertCommit}:BROKEN`)).toThrow();

    expect(second.bad.error).toMatch(/but the release failed and could not be undone: .*conflicts with what landed on main since \(BROKEN\)/);
    const stuck = reloadsOf(h).find((r) => r.toCommit === second.bad.finalCommit)!;
    expect(stuck).toMatchObject({ status: 'rollback_failed', revertCommit: null });
    expect(stuck.error).toContain('main was left as it is; revert it by hand');
    expect(git(s.repo, 'rev-parse', 'main')).toBe(second.person);
  }, 300_000);

  it('rejects a release whose build fails, and restores main', async () => {
    harness = await startHarness('build-fails');
    service = await makeServiceProject();
    const h = harness;
    const s = service;
    const build = [node, '-e', "if (require('fs').existsSync('BUILD_FAIL')) { console.error('compile error in BUILD_FAIL'); process.exit(2) }"];
    await h.app.inject({ method: 'POST', url: '/api/projects', payload: s.projectBody('svc', { buildCommand: build }) });
    const { good, bad } = await h.run(async () => {
      const good = await h.waitFor(await fileWrite(h, 'svc', 'Version 3', 'VERSION', '3\n'), undefined, 90_000);
      const bad = await h.waitFor(await fileWrite(h, 'svc', 'Break the build', 'BUILD_FAIL', 'x\n'), undefined, 90_000);
      return { good, bad };
    });
    expect(good.status).toBe('completed');
    expect(bad.error).toMatch(/but the release was rejected: build command .* failed \(exit 2\): \[stderr\] compile error in BUILD_FAIL/);
    const rejected = reloadsOf(h).find((r) => r.toCommit === bad.finalCommit)!;
    expect(rejected.status).toBe('rejected');
    expect(rejected.compensations.map((c) => c.name)).toEqual(['discard-release', 'revert-default-branch']);
    expect(await s.health()).toMatchObject({ status: 200, body: { commit: good.finalCommit } });
    expect(fs.existsSync(projectPaths(h.home, 'svc').release(bad.finalCommit!))).toBe(false);
  }, 180_000);

  it('releases a commit by hand through POST /api/projects/:id/reload', async () => {
    harness = await startHarness('manual');
    service = await makeServiceProject();
    const h = harness;
    const s = service;
    await h.app.inject({ method: 'POST', url: '/api/projects', payload: s.projectBody('svc') });
    const head = git(s.repo, 'rev-parse', 'main');
    await h.run(async () => {
      const res = await h.app.inject({ method: 'POST', url: '/api/projects/svc/reload', payload: {} });
      expect(res.statusCode).toBe(202);
      expect(res.json()).toMatchObject({ toCommit: head, position: 1 });
      await eventually(() => reloadsOf(h).find((r) => r.status !== 'running'), 'the reload to finish', 60_000);
    });
    expect(reloadsOf(h)[0]).toMatchObject({ trigger: 'manual', status: 'deployed', toCommit: head });
    expect(await s.health()).toMatchObject({ status: 200, body: { commit: head, version: '1' } });
    expect((await h.app.inject({ method: 'POST', url: '/api/projects/svc/reload', payload: { commit: 'zzz' } })).statusCode).toBe(400);
    expect((await h.app.inject({ method: 'POST', url: '/api/projects/svc/reload', payload: { commit: 'abcdef1' } })).statusCode).toBe(400);
    expect((await h.app.inject({ method: 'POST', url: '/api/projects/nope/reload', payload: {} })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: '/api/reloads/nope' })).statusCode).toBe(404);
    const listed = (await h.app.inject({ method: 'GET', url: '/api/reloads?project=svc' })).json<{ items: unknown[] }>();
    expect(listed.items).toHaveLength(1);
  }, 120_000);

  it('releases a commit a person makes on the default branch of a watched project', async () => {
    harness = await startHarness('watch');
    service = await makeServiceProject();
    const h = harness;
    const s = service;
    await h.app.inject({ method: 'POST', url: '/api/projects', payload: s.projectBody('svc', { watch: true }) });
    const logged: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => logged.push(line) });
    const watcher = startProjectWatcher({ store: h.api.store, client: h.api.client, taskQueue: h.taskQueue, logger, refreshMs: 200 });
    try {
      await h.run(async () => {
        // Wait until the watch runs (the first refresh starts it), then commit as a person would.
        await eventually(() => logged.find((line) => line.includes('"msg":"watching the default branch"') && line.includes('"project":"svc"')), 'the watch to start', 30_000);
        fs.writeFileSync(path.join(s.repo, 'VERSION'), '5\n');
        git(s.repo, 'commit', '-qam', 'Release version 5 by hand');
        const head = git(s.repo, 'rev-parse', 'main');
        const reload = await eventually(() => reloadsOf(h).find((r) => r.toCommit === head && r.status !== 'running'), 'the watched commit to be released', 60_000);
        expect(reload).toMatchObject({ trigger: 'watch', status: 'deployed' });
        expect(await s.health()).toMatchObject({ status: 200, body: { commit: head, version: '5' } });
      });
    } finally {
      await watcher.close();
    }
  }, 120_000);
});
