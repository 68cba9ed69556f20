import { afterEach, describe, expect, it } from '@jest/globals';
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { git, scriptedAgent, startHarness, type Harness } from '../support/task-harness.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';
import { testRunEnv } from '../support/test-env.js';

// A secret given to a task reaches its agent process and nothing else: not the API's answers, not
// Temporal's history, not the SQLite file, not the logs (the real API, workers, Temporal and git).

let harness: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const dir of dirs.splice(0)) removeDir(dir);
});

const SECRET = 'sk-live-4f1e9c0b7d2a66e3-do-not-leak';
const NAMED = 'named-secret-value-8b5e2f71c9';

/** Every file under `dir` whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && fs.readFileSync(full).includes(needle)) found.push(full);
    }
  };
  walk(dir);
  return found;
}

describe('task secrets', () => {
  it('give the agent agentOptions.env and named secrets, and keep their values out of the API, Temporal, SQLite and the logs', async () => {
    harness = await startHarness('secrets');
    const h = harness;
    // What the worker's environment holds that no agent may inherit.
    process.env.AWS_SECRET_ACCESS_KEY = 'aws-key-of-the-worker';
    process.env.SSH_AUTH_SOCK = '/tmp/agent.sock';
    const repo = makeTempGitRepo({ 'README.md': '# demo\n' });
    const outside = makeTempDir('ringmaster-secret-report-');
    dirs.push(repo, outside);
    const report = path.join(outside, 'env.json');
    expect((await h.app.inject({ method: 'PUT', url: '/api/secrets/SHARED_KEY', payload: { value: NAMED } })).statusCode).toBe(204);
    expect((await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'demo', repoPath: repo } })).statusCode).toBe(201);
    const filed = await h.app.inject({
      method: 'POST',
      url: '/api/tasks',
      payload: {
        project: 'demo',
        title: 'Use the key',
        agent: 'command',
        agentOptions: { command: [process.execPath, scriptedAgent('report-env.mjs'), report, 'MY_TOKEN'], env: { MY_TOKEN: SECRET }, secrets: { OTHER_KEY: 'SHARED_KEY' } },
      },
    });
    expect(filed.statusCode).toBe(201);
    expect(filed.body).not.toContain(SECRET);
    const { id } = filed.json<{ id: string }>();
    // Sealed before the workflow started: only the task's own encrypted row holds it now.
    expect(h.api.store.secrets.list(id).map((s) => s.name)).toEqual(['MY_TOKEN']);

    const task = await h.run(() => h.waitFor(id));
    expect(task).toMatchObject({ status: 'completed', createdBy: 'admin' });

    const env = JSON.parse(fs.readFileSync(report, 'utf8')) as Record<string, string>;
    expect(env.MY_TOKEN).toBe(SECRET);
    expect(env.OTHER_KEY).toBe(NAMED);
    expect(env.PATH).toBe(process.env.PATH);
    expect(Object.keys(env).filter((name) => ['AWS_SECRET_ACCESS_KEY', 'SSH_AUTH_SOCK', 'RINGMASTER_API_TOKEN', 'TEMPORAL_ADDRESS', 'RINGMASTER_HOME'].includes(name))).toEqual([]);
    delete process.env.AWS_SECRET_ACCESS_KEY;
    delete process.env.SSH_AUTH_SOCK;

    for (const url of ['/api/tasks', `/api/tasks/${id}`, `/api/tasks/${id}/logs`, `/api/tasks/${id}/prompt`, '/api/secrets']) {
      const res = await h.app.inject({ method: 'GET', url });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 200 });
      expect({ url, leaks: res.body.includes(SECRET) || res.body.includes(NAMED) }).toEqual({ url, leaks: false });
    }
    const shown = (await h.app.inject({ method: 'GET', url: `/api/tasks/${id}` })).json<{ agentOptions: Record<string, unknown> }>();
    expect(shown.agentOptions).toMatchObject({ secrets: { MY_TOKEN: 'task:MY_TOKEN', OTHER_KEY: 'SHARED_KEY' } });
    expect(shown.agentOptions).not.toHaveProperty('env');

    const history = await execa(testRunEnv().temporalBin, ['workflow', 'show', '--address', testRunEnv().temporalAddress, '--workflow-id', `task-${id}`, '--output', 'json']);
    expect(history.stdout).toContain('EVENT_TYPE_ACTIVITY_TASK_SCHEDULED');
    expect(history.stdout.includes(SECRET) || history.stdout.includes(NAMED)).toBe(false);

    // The database (and its WAL), every log and prompt, the committed tree: none holds a value.
    expect(filesContaining(h.home, SECRET)).toEqual([]);
    expect(filesContaining(h.home, NAMED)).toEqual([]);
    expect(git(repo, 'log', '-p', 'main')).not.toContain(SECRET);
    // The agent printed it; its log shows where instead.
    expect(fs.readFileSync(path.join(h.home, 'logs', 'tasks', id, 'iteration-1.log'), 'utf8')).toContain('MY_TOKEN is [secret] and as JSON {"MY_TOKEN":"[secret]"}');
    // A finished task holds no secret of its own.
    expect(h.api.store.secrets.list(id)).toEqual([]);
    // Its logs and prompts are its user's only.
    for (const file of fs.readdirSync(path.join(h.home, 'logs', 'tasks', id))) {
      expect({ file, mode: fs.statSync(path.join(h.home, 'logs', 'tasks', id, file)).mode & 0o777 }).toEqual({ file, mode: 0o600 });
    }
  });

  it('fails a task for good, naming the secret, when a named secret it needs is not stored', async () => {
    harness = await startHarness('secret-missing');
    const h = harness;
    const repo = makeTempGitRepo({ 'README.md': '# demo\n' });
    dirs.push(repo);
    await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'demo', repoPath: repo } });
    const filed = await h.app.inject({
      method: 'POST',
      url: '/api/tasks',
      payload: { project: 'demo', title: 'Needs a key', agent: 'command', agentOptions: { command: [process.execPath, '-e', ''], secrets: { API_KEY: 'NOT_STORED' } } },
    });
    const task = await h.run(() => h.waitFor(filed.json<{ id: string }>().id));
    expect(task.status).toBe('failed');
    expect(task.error).toContain('API_KEY names the secret NOT_STORED, which is not set');
    expect(task.error).toContain('ringmaster secret set NOT_STORED');
  });

  it('refuses env names and values it cannot hold, naming the field', async () => {
    harness = await startHarness('secret-input');
    const h = harness;
    await h.run(async () => {
      const bad = [
        [{ env: { 'not a name': 'x' } }, 'body.agentOptions.env'],
        [{ env: { TOKEN: 'x'.repeat(40_000) } }, 'body.agentOptions.env.TOKEN'],
        [{ secrets: { KEY: 'task:../x' } }, 'body.agentOptions.secrets.KEY'],
        [{ args: Array.from({ length: 300 }, () => 'a') }, 'body.agentOptions.args'],
      ] as const;
      for (const [agentOptions, field] of bad) {
        const res = await h.app.inject({ method: 'POST', url: '/api/tasks', payload: { project: 'demo', title: 't', agentOptions } });
        expect({ field, status: res.statusCode }).toEqual({ field, status: 400 });
        expect(res.json<{ error: { message: string } }>().error.message).toContain(field);
      }
    });
  });
});
