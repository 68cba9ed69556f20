import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { packageRoot } from '../../config/paths.js';
import { submitToQueue } from '../../temporal/submit-to-queue.js';
import { descendants, startCli, type RunningCli } from '../support/cli.js';
import { freePort } from '../support/free-port.js';
import { makeBareRemote, startGitDaemon } from '../support/git-daemon.js';
import { eventually, waitForExit } from '../support/processes.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { testRunEnv } from '../support/test-env.js';

// A self-hosted Ringmaster (`ringmaster up --self` on a clone of this repository) and a host
// worker B on the same machine as if on another one (`ringmaster worker --control`, its own data
// dir, host id and label, a host token). A release of Ringmaster rolls onto the control plane,
// then onto B, one at a time: B builds it from the commit's archive, its supervisor moves B's
// worker onto it by a rolling restart, and the agent B was running through it finishes there.

const root = packageRoot();
const node = process.execPath;

interface Step {
  name: string;
  status: string;
  host?: string;
}
interface Reload {
  toCommit: string;
  status: string;
  steps: Step[];
}
interface Worker {
  id: string;
  pid: number;
  commit: string;
}

const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
}, 120_000);

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@ringmaster.invalid', ...args], { cwd, encoding: 'utf8' }).trim();
}

function agentPath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/agents/${name}`, import.meta.url));
}

/** Stops a running `ringmaster` process and everything it started, waiting for all of it. */
async function stop(cli: RunningCli): Promise<void> {
  if (cli.child.exitCode !== null) return;
  const tree = descendants(cli.child.pid!);
  cli.child.kill('SIGTERM');
  const killer = setTimeout(() => {
    for (const pid of [cli.child.pid!, ...tree]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
  }, 30_000);
  await cli.exited;
  clearTimeout(killer);
  for (const pid of tree) await waitForExit(pid, 30_000).catch(() => undefined);
}

describe('self-hosting over several hosts', () => {
  it('rolls a release of Ringmaster onto the control plane, then onto host B, whose running agent finishes on it', async () => {
    const work = makeTempDir('ringmaster-self-hosts-');
    cleanup.push(() => removeDir(work));
    const clone = path.join(work, 'ringmaster');
    const home = path.join(work, 'home');
    const homeB = path.join(work, 'home-b');
    git(work, 'clone', '--quiet', root, clone);
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(clone, 'node_modules'));

    const [api, temporal, ui] = [await freePort(), await freePort(), await freePort()];
    const up = startCli(['up', '--self', clone, '--self-test-cmd', `${node} -e 0`, '--home', home, '--port', `${api}`, '--temporal-port', `${temporal}`, '--temporal-ui-port', `${ui}`], {
      ...process.env,
      RINGMASTER_TEMPORAL_BIN: testRunEnv().temporalBin,
      RINGMASTER_LOG_LEVEL: 'warn',
    });
    cleanup.push(() => stop(up));
    const base = `http://127.0.0.1:${api}`;
    const tokenFile = path.join(home, 'api-token');
    const auth = () => ({ authorization: `Bearer ${fs.readFileSync(tokenFile, 'utf8').trim()}` });
    const call = async <T>(method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> => {
      const res = await fetch(`${base}${url}`, {
        method,
        headers: { ...auth(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as T };
    };
    await eventually(
      async () => {
        if (up.child.exitCode !== null) throw new Error(`ringmaster up --self exited:\n${up.output()}`);
        if (!fs.existsSync(tokenFile)) return undefined;
        const health = await call<{ status: string }>('GET', '/health').catch(() => undefined);
        return health?.body?.status === 'ok' ? true : undefined;
      },
      'the self-hosted Ringmaster to be healthy',
      240_000,
    );

    // Host B, and a project on a git remote for it to run an agent of.
    const user = await call<{ token: string }>('POST', '/api/users', { name: 'host-b', role: 'host' });
    expect(user.status).toBe(201);
    const remotes = path.join(work, 'remotes');
    const bare = makeBareRemote(remotes, 'app.git', { 'check.mjs': 'process.exit(0);\n' });
    const daemon = await startGitDaemon(remotes);
    cleanup.push(() => daemon.close());
    expect((await call('POST', '/api/projects', { name: 'app', remote: daemon.url('app.git'), testCommand: [node, 'check.mjs'] })).status).toBe(201);
    const hostB = startCli(['worker', '--control', base], {
      ...process.env,
      TEMPORAL_ADDRESS: `127.0.0.1:${temporal}`,
      RINGMASTER_HOME: homeB,
      RINGMASTER_HOST_ID: 'self-b',
      RINGMASTER_WORKER_LABELS: 'b',
      RINGMASTER_API_TOKEN: user.body.token,
      RINGMASTER_LOG_LEVEL: 'warn',
    });
    cleanup.push(() => stop(hostB));
    const workerOfB = () => call<{ items: Worker[] }>('GET', '/api/workers').then((res) => res.body.items.find((w) => w.id === 'self-b'));
    const before = await eventually(workerOfB, 'host B in /api/workers', 90_000);
    const first = git(clone, 'rev-parse', 'HEAD');
    expect(before.commit).toBe(first.slice(0, 12));

    // An agent on B that runs until the test lets it finish.
    const started = path.join(work, 'agent-started');
    const gate = path.join(work, 'agent-may-finish');
    const filed = await call<{ id: string }>('POST', '/api/tasks', {
      project: 'app',
      title: 'Work on B through a release',
      requires: ['b'],
      agent: 'command',
      agentOptions: { command: [node, agentPath('record-start.mjs'), started, 'through-release', gate] },
    });
    expect(filed.status).toBe(201);
    await eventually(() => (fs.existsSync(started) ? true : undefined), 'the agent to start on host B', 120_000);

    // A change to Ringmaster, merged by hand: its release rolls over both hosts.
    git(clone, 'checkout', '-q', '-b', 'roll-over-hosts', 'main');
    fs.appendFileSync(path.join(clone, 'README.md'), '\nReleased onto every host.\n');
    git(clone, 'commit', '-qam', 'A release for every host');
    const second = git(clone, 'rev-parse', 'HEAD');
    git(clone, 'checkout', '-q', 'main');
    const projectId = (await call<{ id: string }>('GET', '/api/projects/ringmaster')).body.id;
    const connection = await Connection.connect({ address: `127.0.0.1:${temporal}` });
    try {
      await submitToQueue(new Client({ connection }), 'ringmaster', projectId, {
        kind: 'merge',
        candidate: { taskId: 'by-hand', taskWorkflowId: 'task-by-hand', branch: 'roll-over-hosts', headCommit: second, title: 'A release for every host' },
      });
    } finally {
      await connection.close();
    }
    const reload = await eventually(
      async () => {
        const found = (await call<{ items: Reload[] }>('GET', '/api/reloads?project=ringmaster')).body.items.find((r) => r.toCommit === second);
        return found && found.status !== 'running' ? found : undefined;
      },
      'the release to roll over both hosts',
      600_000,
    );
    expect(reload.status).toBe('deployed');

    // The control plane first, then B: each built, activated and healthy before the next.
    const onHosts = reload.steps.filter((s) => ['build', 'activate', 'health-check'].includes(s.name)).map((s) => [s.name, s.host, s.status]);
    const controlPlaneHost = onHosts[0]![1];
    expect(controlPlaneHost).not.toBe('self-b');
    expect(onHosts).toEqual([
      ['build', controlPlaneHost, 'ok'],
      ['activate', controlPlaneHost, 'ok'],
      ['health-check', controlPlaneHost, 'ok'],
      ['build', 'self-b', 'ok'],
      ['activate', 'self-b', 'ok'],
      ['health-check', 'self-b', 'ok'],
    ]);
    // B built the release in its own data dir, and a new worker of B serves it.
    expect(fs.existsSync(path.join(homeB, 'releases', 'ringmaster', second, 'dist', 'cli', 'main.js'))).toBe(true);
    // B's new worker serves the release; the old one drains, its agent still running.
    const workersOfB = () => call<{ items: (Worker & { status: string })[] }>('GET', '/api/workers').then((res) => res.body.items.filter((w) => w.id === 'self-b'));
    const during = await eventually(
      async () => {
        const workers = await workersOfB();
        return workers.some((w) => w.commit === second.slice(0, 12) && w.status === 'running') ? workers : undefined;
      },
      'a worker of host B to serve the release',
      60_000,
    );
    expect(during.find((w) => w.pid === before.pid)).toMatchObject({ commit: first.slice(0, 12), status: 'draining' });
    expect((await call<{ commit: string }>('GET', '/health')).body.commit).toBe(second);

    // The agent B was running kept running through the rolling restart and finishes there.
    fs.writeFileSync(gate, '');
    const task = await eventually(
      async () => {
        const t = (await call<{ status: string; hostId: string; error: string | null }>('GET', `/api/tasks/${filed.body.id}`)).body;
        return ['completed', 'failed', 'cancelled', 'conflict'].includes(t.status) ? t : undefined;
      },
      'the task on B to finish',
      120_000,
    );
    expect(task).toMatchObject({ status: 'completed', hostId: 'self-b', error: null });
    expect(fs.readFileSync(started, 'utf8').trim().split('\n')).toEqual(['through-release']);
    expect(execFileSync('git', ['--git-dir', bare, 'show', 'main:out-through-release.txt'], { encoding: 'utf8' })).toBe('through-release\n');
    // Its agent done, the old worker is gone: B runs the release alone.
    const after = await eventually(
      async () => {
        const workers = await workersOfB();
        return workers.length === 1 && workers[0]!.pid !== before.pid ? workers[0] : undefined;
      },
      'the old worker of host B to end',
      60_000,
    );
    expect(after.commit).toBe(second.slice(0, 12));

    await stop(hostB);
    expect(hostB.child.exitCode).toBe(0);
  }, 900_000);
});
