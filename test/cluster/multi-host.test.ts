import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { descendants, startCli, type RunningCli } from '../support/cli.js';
import { freePort } from '../support/free-port.js';
import { makeBareRemote, startGitDaemon, type GitDaemon } from '../support/git-daemon.js';
import { startGitHttpServer } from '../support/git-http-server.js';
import { eventually, firstPidIn } from '../support/processes.js';
import { scriptedAgent, startHarness, type Harness } from '../support/task-harness.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';
import { testRunEnv } from '../support/test-env.js';

// One control plane (the API and its workers, with their data dir), and a host worker B started
// as on another machine: `ringmaster worker --control <api-url>` with its own data dir, host id and
// label, a host token, no database. The project lives in a bare repository served by `git daemon`
// on loopback, not a path: each host works from its own mirror and pushes to it.

const node = process.execPath;
let h: Harness;
let daemon: GitDaemon;
let remotes: string;
let bare: string;
let homeB: string;
let hostB: RunningCli;
let stopWorkers: () => void;
let workersDone: Promise<unknown>;
let apiPort: number;
let hostToken: string;

/** Host B as on another machine: its own data dir, host id and label, a host token, no database. */
function startHostB(): RunningCli {
  return startCli(['worker', '--control', `http://127.0.0.1:${apiPort}`], {
    ...process.env,
    TEMPORAL_ADDRESS: testRunEnv().temporalAddress,
    RINGMASTER_TASK_QUEUE: h.taskQueue,
    RINGMASTER_HOME: homeB,
    RINGMASTER_HOST_ID: 'host-b',
    RINGMASTER_WORKER_LABELS: 'b,shared',
    RINGMASTER_API_TOKEN: hostToken,
    RINGMASTER_LOG_LEVEL: 'warn',
  });
}

/** Host B's machine dies: its supervisor, worker and agents all get SIGKILL at once. */
async function crashHostB(): Promise<void> {
  const pids = [hostB.child.pid!, ...descendants(hostB.child.pid!)];
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  await hostB.exited;
}

const onRemote = (...args: string[]) => execFileSync('git', ['--git-dir', bare, ...args], { encoding: 'utf8' }).trim();

beforeAll(async () => {
  const port = await freePort();
  apiPort = port;
  // A lost host is noticed after 15 s here (RINGMASTER_HOST_LOST_MINUTES, default 10).
  h = await startHarness('multihost', { port, hostLostMinutes: 0.25, labels: ['shared'] });
  await h.app.listen({ host: '127.0.0.1', port });
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  stopWorkers = release;
  workersDone = h.run(() => released);

  remotes = makeTempDir('ringmaster-remotes-');
  bare = makeBareRemote(remotes, 'demo.git', { 'check.mjs': "import fs from 'node:fs'; process.exit(fs.existsSync('never.txt') ? 1 : 0);\n", 'README.md': '# demo\n' });
  daemon = await startGitDaemon(remotes);

  const user = await h.app.inject({ method: 'POST', url: '/api/users', payload: { name: 'host-b', role: 'host' } });
  expect(user.statusCode).toBe(201);
  hostToken = user.json<{ token: string }>().token;
  homeB = makeTempDir('ringmaster-host-b-');
  hostB = startHostB();
  await eventually(
    async () => {
      const workers = (await h.app.inject({ method: 'GET', url: '/api/workers' })).json<{ items: { id: string }[] }>().items;
      return workers.some((w) => w.id === 'host-b') ? true : undefined;
    },
    'host B in /api/workers',
    60_000,
  );
}, 120_000);

afterAll(async () => {
  if (hostB?.child.exitCode === null) {
    hostB.child.kill('SIGTERM');
    // Its activities get their grace time on SIGTERM; the test does not wait for all of it.
    const killer = setTimeout(() => void crashHostB(), 15_000);
    await hostB.exited;
    clearTimeout(killer);
  }
  stopWorkers?.();
  await workersDone;
  await daemon?.close();
  await h?.close();
  for (const dir of [remotes, homeB]) if (dir) removeDir(dir);
}, 120_000);

async function file(payload: Record<string, unknown>): Promise<string> {
  const res = await h.app.inject({ method: 'POST', url: '/api/tasks', payload: { project: 'demo', agent: 'command', ...payload } });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>().id;
}

describe('one control plane, a host worker elsewhere, a project on a git remote', () => {
  it('registers a project by its remote URL and refuses one it cannot reach', async () => {
    const created = await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'demo', remote: daemon.url('demo.git'), testCommand: [node, 'check.mjs'] } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ remote: daemon.url('demo.git'), defaultBranch: 'main', repoPath: path.join(h.home, 'mirrors', `${created.json<{ id: string }>().id}.git`) });
    const missing = await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'nowhere', remote: daemon.url('missing.git') } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json<{ error: { message: string } }>().error.message).toMatch(/^body\.remote /);
    const withCredentials = await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'leaky', remote: 'https://me:secret@example.com/x.git' } });
    expect(withCredentials.statusCode).toBe(400);
    expect(JSON.stringify(withCredentials.json())).not.toContain('me:secret');
    // A refused project leaves no mirror behind (here: a duplicate name, found after mirroring).
    const duplicate = await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'demo', remote: daemon.url('demo.git') } });
    expect(duplicate.statusCode).toBe(409);
    expect(fs.readdirSync(path.join(h.home, 'mirrors'))).toEqual([`${created.json<{ id: string }>().id}.git`]);
  });

  it('runs a task that requires its label on host B, with its secret, its logs and prompt on the control plane, and lands it on the remote', async () => {
    const report = path.join(homeB, 'env-report.json');
    const id = await file({
      title: 'Write b.txt on host B',
      requires: ['b'],
      agentOptions: { command: [node, scriptedAgent('report-env.mjs'), report], env: { DEPLOY_TOKEN: 'the-secret-value' } },
    });
    const task = await h.waitFor(id, undefined, 120_000);
    expect(task).toMatchObject({ status: 'completed', hostId: 'host-b' });
    expect(JSON.parse(fs.readFileSync(report, 'utf8'))).toMatchObject({ DEPLOY_TOKEN: 'the-secret-value' });
    expect(onRemote('show', 'main:done.txt')).toBe('done');
    expect(onRemote('log', '-1', '--format=%B', 'main')).toContain(`Ringmaster-Task: ${id}`);
    // Its branch and work-in-progress ref are gone from the remote once merged.
    expect(onRemote('for-each-ref', '--format=%(refname)', 'refs/heads/ringmaster', 'refs/ringmaster')).toBe('');
    const logs = await h.app.inject({ method: 'GET', url: `/api/tasks/${id}/logs` });
    expect(logs.statusCode).toBe(200);
    expect(logs.body).toContain('<promise>COMPLETE</promise>');
    const prompt = await h.app.inject({ method: 'GET', url: `/api/tasks/${id}/prompt` });
    expect(prompt.statusCode).toBe(200);
    expect(prompt.body).toContain('Write b.txt on host B');
    // Host B holds worktrees, mirrors and logs, never a database.
    expect(fs.readdirSync(homeB).filter((name) => name.endsWith('.db'))).toEqual([]);
    expect(fs.existsSync(path.join(homeB, 'mirrors'))).toBe(true);
  }, 150_000);

  it("reaches an https remote that asks for a credential with the project's remoteSecret, from host B too", async () => {
    const password = 'b-can-push-with-this';
    const server = await startGitHttpServer(path.join(remotes, 'http'), { user: 'robot', password });
    try {
      const privateBare = makeBareRemote(path.join(remotes, 'http'), 'private.git', { 'check.mjs': 'process.exit(0);\n' });
      expect((await h.app.inject({ method: 'PUT', url: '/api/secrets/PRIVATE_GIT', payload: { value: `robot:${password}` } })).statusCode).toBe(204);
      const created = await h.app.inject({
        method: 'POST',
        url: '/api/projects',
        payload: { name: 'private', remote: server.url('private.git'), remoteSecret: 'PRIVATE_GIT', testCommand: [node, 'check.mjs'] },
      });
      expect(created.statusCode).toBe(201);
      const id = await file({ project: 'private', title: 'Write page.txt on host B', requires: ['b'], agentOptions: { command: [node, scriptedAgent('write-file.mjs'), 'page.txt', 'page\n'] } });
      expect(await h.waitFor(id, undefined, 120_000)).toMatchObject({ status: 'completed', hostId: 'host-b' });
      expect(execFileSync('git', ['--git-dir', privateBare, 'show', 'main:page.txt'], { encoding: 'utf8' })).toBe('page\n');
      // Host B fetched and pushed with the credential, which it keeps nowhere on disk.
      const mirrorB = path.join(homeB, 'mirrors', `${created.json<{ id: string }>().id}.git`);
      expect(fs.existsSync(mirrorB)).toBe(true);
      expect(spawnSync('grep', ['-rlF', password, homeB, h.home], { encoding: 'utf8' }).stdout).toBe('');
    } finally {
      await server.close();
    }
  }, 150_000);

  it('merges two tasks running at once, one after the other, on the remote default branch', async () => {
    const first = await file({ title: 'First file', requires: ['b'], agentOptions: { command: [node, scriptedAgent('write-file.mjs'), 'first.txt', 'first\n'] } });
    const second = await file({ title: 'Second file', agentOptions: { command: [node, scriptedAgent('write-file.mjs'), 'second.txt', 'second\n'] } });
    const ended = await Promise.all([first, second].map((id) => h.waitFor(id, undefined, 120_000)));
    expect(ended.map((t) => t.status)).toEqual(['completed', 'completed']);
    expect(ended[0]!.hostId).toBe('host-b');
    expect(onRemote('show', 'main:first.txt')).toBe('first');
    expect(onRemote('show', 'main:second.txt')).toBe('second');
    const trailers = onRemote('log', '--format=%(trailers:key=Ringmaster-Task,valueonly)', 'main').split('\n').filter(Boolean);
    expect(trailers.filter((t) => t === first || t === second).sort()).toEqual([first, second].sort());
  }, 150_000);

  it('follows the logs of an agent running on host B while it runs', async () => {
    const id = await file({
      title: 'Talk slowly on host B',
      requires: ['b'],
      agentOptions: { command: [node, '-e', "console.log('first line at ' + Date.now()); setTimeout(() => console.log('<promise>COMPLETE</promise>'), 5000)"] },
    });
    await h.waitFor(id, ['running'], 60_000);
    const res = await fetch(`http://127.0.0.1:${apiPort}/api/tasks/${id}/logs?follow=true`, { headers: { authorization: `Bearer ${h.api.token}` } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let text = '';
    let firstSeenAt: number | undefined;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString();
      firstSeenAt ??= /first line at (\d+)/.test(text) ? Date.now() : undefined;
      if (text.includes('event: end')) break;
    }
    const writtenAt = Number(/first line at (\d+)/.exec(text)![1]);
    console.log(`a line the agent printed on host B reached a follower on the control plane after ${firstSeenAt! - writtenAt} ms`);
    // Seen while the agent still ran (it completes 5 s after that line), not at the end.
    expect(firstSeenAt! - writtenAt).toBeLessThan(4000);
    expect(text).toContain('event: end\ndata: completed');
  }, 120_000);

  it('releases a project with deployHosts on every host with one of its labels, one at a time, and refuses when none is live', async () => {
    interface Reload {
      id: string;
      status: string;
      error: string | null;
      steps: { name: string; status: string; detail?: string; host?: string }[];
    }
    const releaseOf = async (project: string): Promise<Reload> => {
      const asked = await h.app.inject({ method: 'POST', url: `/api/projects/${project}/reload`, payload: {} });
      expect(asked.statusCode).toBe(202);
      const { toCommit } = asked.json<{ toCommit: string }>();
      return eventually(
        async () => {
          const items = (await h.app.inject({ method: 'GET', url: `/api/reloads?project=${project}` })).json<{ items: (Reload & { toCommit: string })[] }>().items;
          return items.find((r) => r.toCommit === toCommit && r.status !== 'running');
        },
        `the reload of ${project}`,
        90_000,
      );
    };
    // The build writes where it ran (a release directory in a host's data dir); the reload command what it served.
    const build = [node, '-e', "require('fs').writeFileSync('built-in', process.cwd())"];
    const reload = [node, '-e', "require('fs').writeFileSync('served', process.env.RINGMASTER_RELEASE_COMMIT)"];
    const currentOf = (home: string, project: string) => path.join(home, 'releases', project, 'current');

    // A project on the remote, released only on the hosts labelled b: host B builds from its own mirror.
    const webBare = makeBareRemote(remotes, 'web.git', { 'app.txt': 'web v1\n' });
    const web = await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'web', remote: daemon.url('web.git'), deployHosts: ['b'], buildCommand: build, reloadCommand: reload } });
    expect(web.statusCode).toBe(201);
    expect(web.json()).toMatchObject({ deployHosts: ['b'] });
    const onB = await releaseOf('web');
    expect(onB).toMatchObject({ status: 'deployed', error: null });
    expect(onB.steps.find((step) => step.name === 'choose-hosts')?.detail).toBe('one at a time on host-b');
    const tip = execFileSync('git', ['--git-dir', webBare, 'rev-parse', 'main'], { encoding: 'utf8' }).trim();
    expect(fs.readFileSync(path.join(currentOf(homeB, 'web'), 'served'), 'utf8')).toBe(tip);
    expect(fs.readFileSync(path.join(currentOf(homeB, 'web'), 'app.txt'), 'utf8')).toBe('web v1\n');
    expect(fs.existsSync(path.join(h.home, 'releases', 'web'))).toBe(false);

    // A checkout on the control plane's machine, released on both hosts labelled shared: B gets its files from the control plane.
    const repo = makeTempGitRepo({ 'app.txt': 'v1\n' });
    try {
      const created = await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'local-app', repoPath: repo, deployHosts: ['shared'], buildCommand: build, reloadCommand: reload } });
      expect(created.statusCode).toBe(201);
      const both = await releaseOf('local-app');
      expect(both).toMatchObject({ status: 'deployed', error: null });
      expect(both.steps.filter((step) => step.name === 'build').map((step) => step.host)).toEqual(['host-b', 'test-host']);
      for (const home of [homeB, h.home]) {
        expect(fs.readFileSync(path.join(currentOf(home, 'local-app'), 'app.txt'), 'utf8')).toBe('v1\n');
        expect(fs.readFileSync(path.join(currentOf(home, 'local-app'), 'built-in'), 'utf8').startsWith(fs.realpathSync(home))).toBe(true);
      }

      // No live host has the label: the release is refused at once, not left waiting.
      expect((await h.app.inject({ method: 'PATCH', url: '/api/projects/local-app', payload: { deployHosts: ['gpu-nowhere'] } })).statusCode).toBe(200);
      fs.writeFileSync(path.join(repo, 'app.txt'), 'v2\n');
      execFileSync('git', ['-C', repo, '-c', 'user.name=T', '-c', 'user.email=t@example.invalid', 'commit', '-qam', 'v2']);
      const nowhere = await releaseOf('local-app');
      expect(nowhere).toMatchObject({ status: 'rejected' });
      expect(nowhere.error).toContain('no live host has a label of deployHosts (gpu-nowhere)');
      expect(fs.readFileSync(path.join(currentOf(h.home, 'local-app'), 'app.txt'), 'utf8')).toBe('v1\n');
      expect((await h.app.inject({ method: 'PATCH', url: '/api/projects/local-app', payload: { deployHosts: ['not a label'] } })).statusCode).toBe(400);
    } finally {
      removeDir(repo);
    }
  }, 240_000);

  it('finishes a task on host B after B was SIGKILLed mid-agent and started again', async () => {
    const started = path.join(homeB, 'agent-runs');
    const id = await file({ title: 'Survive a crash of host B', requires: ['b'], agentOptions: { command: [node, scriptedAgent('slow-first-time.mjs'), started, 'crash.txt', 'crash\n'] } });
    await eventually(() => firstPidIn(started), 'the agent to start on host B', 60_000);
    await crashHostB();
    hostB = startHostB();
    const task = await h.waitFor(id, undefined, 150_000);
    expect(task).toMatchObject({ status: 'completed', hostId: 'host-b', iterations: 1 });
    expect(onRemote('show', 'main:crash.txt')).toBe('crash');
    expect(onRemote('log', '--format=%H', `--grep=Ringmaster-Task: ${id}`, 'main').split('\n').filter(Boolean)).toHaveLength(1);
  }, 200_000);

  it('moves a task from host B, SIGKILLed for good, to the control plane, which goes on from the pushed work in progress', async () => {
    const movingBare = makeBareRemote(remotes, 'moving.git', { 'check.mjs': "import fs from 'node:fs'; process.exit(fs.existsSync('part2.txt') ? 0 : 1);\n" });
    const created = await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'moving', remote: daemon.url('moving.git'), testCommand: [node, 'check.mjs'], maxIterations: 4 } });
    expect(created.statusCode).toBe(201);
    const started = path.join(remotes, 'moving-runs');
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/tasks',
      // Both hosts have `shared`; the first by id (host-b) is chosen.
      payload: { project: 'moving', title: 'Two parts', agent: 'command', requires: ['shared'], agentOptions: { command: [node, scriptedAgent('two-parts.mjs'), started, homeB] } },
    });
    const id = res.json<{ id: string }>().id;
    await eventually(() => (fs.existsSync(started) && fs.readFileSync(started, 'utf8').includes(' part2 ') ? true : undefined), 'the second iteration to start', 90_000);
    const runs = fs.readFileSync(started, 'utf8').trim().split('\n');
    await crashHostB();
    const killedAt = Date.now();
    const task = await h.waitFor(id, undefined, 150_000);
    console.log(`task moved off the lost host and completed ${Date.now() - killedAt} ms after host B was SIGKILLed; runs: ${fs.readFileSync(started, 'utf8').trim()}`);
    expect(task).toMatchObject({ status: 'completed', hostId: 'test-host' });
    expect(runs.every((line) => line.includes(homeB))).toBe(true);
    const git = (...args: string[]) => execFileSync('git', ['--git-dir', movingBare, ...args], { encoding: 'utf8' }).trim();
    expect(git('show', 'main:part1.txt')).toBe('one');
    expect(git('show', 'main:part2.txt')).toBe('two');
    // Iteration 1 ran once (on B); iteration 2 ran again on the control plane's host.
    expect(h.api.store.iterations.list(id).map((it) => it.number)).toEqual([1, 2]);
    expect(h.api.store.tasks.get(id)!.step).toBe('done');

    // Host B comes back: it finds its worktree of the task that went on elsewhere, and removes it.
    const stale = path.join(homeB, 'worktrees', 'moving', id);
    expect(fs.existsSync(stale)).toBe(true);
    hostB = startHostB();
    const localBranch = () =>
      execFileSync('git', ['--git-dir', path.join(homeB, 'mirrors', `${created.json<{ id: string }>().id}.git`), 'branch', '--list', `ringmaster/${id}`], { encoding: 'utf8' }).trim();
    // The worktree goes first, then its branch.
    await eventually(() => (fs.existsSync(stale) || localBranch() !== '' ? undefined : true), "host B to remove the moved task's stale worktree and branch", 60_000);
    expect(fs.existsSync(stale)).toBe(false);
    expect(localBranch()).toBe('');
  }, 240_000);
});
