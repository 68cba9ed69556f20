import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { runCliAsync } from '../support/cli.js';
import { freePort } from '../support/free-port.js';
import { git, scriptedAgent, startHarness, type Harness } from '../support/task-harness.js';
import { removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

// The `ringmaster project|task|decide` commands, run as a user runs them, against a real API
// listening on a port and real workers.

let h: Harness;
let repo: string;
let apiUrl: string;
let stopWorkers: () => void;
let workersDone: Promise<unknown>;

beforeAll(async () => {
  const port = await freePort();
  h = await startHarness('cli', { port });
  repo = makeTempGitRepo({ 'check.mjs': "import fs from 'node:fs'; process.exit(fs.existsSync('out.txt') ? 0 : 1);\n" });
  await h.app.listen({ host: '127.0.0.1', port });
  apiUrl = `http://127.0.0.1:${port}`;
  // Each test files its tasks on a project of its own making or on `demo`, whose test passes once
  // the task wrote out.txt: no test relies on what an earlier one merged.
  const demo = await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'demo', repoPath: repo, testCommand: [process.execPath, 'check.mjs'] } });
  expect(demo.statusCode).toBe(201);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  stopWorkers = release;
  workersDone = h.run(() => released);
});

afterAll(async () => {
  stopWorkers();
  await workersDone;
  await h.close();
  removeDir(repo);
});

// The CLI finds the token where `ringmaster up` leaves it: in the data dir.
const cli = (...args: string[]) => runCliAsync([...args, '--api-url', apiUrl], { ...process.env, RINGMASTER_HOME: h.home });

describe('ringmaster project / task / decide', () => {
  it('registers a project and lists it', async () => {
    const other = makeTempGitRepo({ 'a.txt': 'a\n' });
    const added = await cli('project', 'add', other, '--name', 'listed', '--test-cmd', `${process.execPath} check.mjs`, '--budget-per-month', '250');
    removeDir(other);
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(added.stdout).toMatch(/^Registered project listed \(\w+\): .* on main$/m);
    const listed = await cli('project', 'ls', '--json');
    expect(JSON.parse(listed.stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'demo' }), expect.objectContaining({ name: 'listed', testCommand: [process.execPath, 'check.mjs'], budgetUsdPerMonth: 250 })]),
    );
    // A number that is not one is refused before it reaches the API (as JSON, NaN would be null: no limit).
    expect(await cli('project', 'add', repo, '--name', 'unlimited', '--budget-per-month', 'lots')).toMatchObject({
      status: 1,
      stderr: 'ringmaster: --budget-per-month must be a number, got "lots"\n',
    });
    expect(JSON.parse((await cli('project', 'ls', '--json')).stdout)).not.toContainEqual(expect.objectContaining({ name: 'unlimited' }));
    const duplicate = await cli('project', 'add', repo, '--name', 'demo');
    expect(duplicate.status).toBe(1);
    expect(duplicate.stderr).toBe('ringmaster: a project named "demo" already exists\n');
  });

  it('files a task with --wait, shows progress, and exits 0 when it completes', async () => {
    const command = `${process.execPath} ${scriptedAgent('write-file.mjs')} out.txt "made by the CLI"`;
    const run = await cli('task', 'add', 'Write out.txt', '--project', 'demo', '--agent', 'command', '--agent-command', command, '--wait');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Filed task (\w+); waiting/m);
    // One progress line per change seen (polled each second), ending with the final state.
    expect(run.stdout).toMatch(/^\[queued\] waiting for a worker \| iterations 0 \| tokens 0 in \/ 0 out \| \$0\.0000$/m);
    expect(run.stdout).toMatch(/^\[completed\] done \| iterations 1 \| tokens 1200 in \/ 80 out \| \$0\.0100$/m);
    expect(run.stdout).toContain('merged as');
    expect(fs.readFileSync(path.join(repo, 'out.txt'), 'utf8')).toBe('made by the CLI');
    const id = /^Filed task (\w+)/m.exec(run.stdout)![1]!;

    const shown = JSON.parse((await cli('task', 'show', id, '--json')).stdout) as { status: string; iterationList: unknown[] };
    expect(shown).toMatchObject({ status: 'completed', iterationList: [expect.objectContaining({ outcome: 'success', testsPassed: true })] });
    const table = await cli('task', 'ls', '--project', 'demo');
    expect(table.stdout).toMatch(new RegExp(`^${id}\\s+completed\\s+P2\\s+command\\s+demo\\s+1\\s+\\$0\\.0100\\s+Write out\\.txt$`, 'm'));
    const logs = await cli('task', 'logs', id);
    expect(logs.stdout).toContain('Wrote out.txt.');
    const followed = await cli('task', 'logs', id, '-f');
    expect(followed.status).toBe(0);
    expect(followed.stdout).toContain('=== iteration 1: agent output ===\nWrote out.txt.');
    const cancel = await cli('task', 'cancel', id);
    expect(cancel.status).toBe(1);
    expect(cancel.stderr).toBe(`ringmaster: task ${id} already ended (completed)\n`);
  });

  it('answers a question with `decide` and exits 1 from --wait when a task fails', async () => {
    const colours = makeTempGitRepo({ 'a.txt': 'a\n' });
    expect((await h.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'colours', repoPath: colours } })).statusCode).toBe(201);
    const filed = await cli('task', 'add', 'Colour it', '--project', 'colours', '--agent', 'command', '--agent-command', `${process.execPath} ${scriptedAgent('ask-then-do.mjs')}`, '--json');
    const { id } = JSON.parse(filed.stdout) as { id: string };
    await h.waitFor(id, ['needs_decision']);
    const answered = await cli('decide', id, 'red');
    expect(answered.status).toBe(0);
    expect(answered.stdout).toBe(`Answered; task ${id} goes on.\n`);
    const task = await h.waitFor(id);
    expect(task.status).toBe('completed');
    expect(git(colours, 'show', 'main:colour.txt')).toBe('red');

    const failing = await cli(
      'task',
      'add',
      'Never pass',
      '--project',
      'colours',
      '--agent',
      'command',
      '--agent-command',
      `${process.execPath} -e "process.exit(4)"`,
      '--max-iterations',
      '1',
      '--wait',
    );
    expect(failing.status).toBe(1);
    expect(failing.stdout).toMatch(/^\[failed\]/m);
    removeDir(colours);
  });

  it('files a task that stops a silent agent and waits for a review, then abandons it with `review`', async () => {
    const silent = `${process.execPath} -e "setTimeout(() => {}, 600000)"`;
    // 0.05 minutes: the agent is stopped after 3 s without output.
    const filed = await cli(
      'task',
      'add',
      'Say nothing',
      '--project',
      'demo',
      '--agent',
      'command',
      '--agent-command',
      silent,
      '--max-iterations',
      '1',
      '--stall-minutes',
      '0.05',
      '--review-on-stop',
      '--json',
    );
    expect(filed.stderr).toBe('');
    const { id } = JSON.parse(filed.stdout) as { id: string };
    expect(await h.waitFor(id, ['needs_review'])).toMatchObject({ status: 'needs_review' });
    expect(h.api.store.iterations.list(id).map((i) => i.outcome)).toEqual(['stalled']);
    const abandoned = await cli('review', id, 'abandon');
    expect(abandoned.status).toBe(0);
    expect(await h.waitFor(id)).toMatchObject({ status: 'failed' });
    const bad = await cli('task', 'add', 'x', '--project', 'demo', '--stall-minutes', 'soon');
    expect(bad).toMatchObject({ status: 1, stderr: 'ringmaster: --stall-minutes must be a number, got "soon"\n' });
  });

  it('follows the logs of a running task until it ends', async () => {
    const started = path.join(h.home, 'follow-started');
    const command = `${process.execPath} ${scriptedAgent('slow-write.mjs')} ${started} 2000 out.txt again`;
    const filed = await cli('task', 'add', 'Slowly', '--project', 'demo', '--agent', 'command', '--agent-command', command, '--json');
    const { id } = JSON.parse(filed.stdout) as { id: string };
    const followed = await cli('task', 'logs', id, '-f');
    // It returned only once the task had ended, with the output written while it ran.
    expect(followed.status).toBe(0);
    expect(h.api.store.tasks.get(id)!.status).toBe('completed');
    expect(followed.stdout).toContain('=== iteration 1: agent output ===\nWrote out.txt.\n<promise>COMPLETE</promise>');
    expect(fs.readFileSync(started, 'utf8').trim()).toMatch(/^\d+$/);
  });

  it('releases a project by hand and lists its reloads', async () => {
    const head = (await cli('project', 'ls', '--json')).stdout;
    expect(head).toContain('"name": "demo"');
    const run = await cli('reload', 'demo', '--wait');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^\S+ {2}demo: [0-9a-f]{12}|^\S+ {2}demo: - → [0-9a-f]{12}/m);
    expect(run.stdout).toMatch(/deployed \(manual\)/);
    expect(run.stdout).toMatch(/^step\s+activate\s+ok/m);
    const listed = JSON.parse((await cli('reloads', '--project', 'demo', '--json')).stdout) as { id: string; trigger: string }[];
    expect(listed.find((r) => r.trigger === 'manual')).toBeDefined();
    const one = await cli('reloads', listed[0]!.id);
    expect(one.stdout).toContain(listed[0]!.id);
    const unknown = await cli('reload', 'nope');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe("ringmaster: no project with id or name 'nope'\n");
  });

  it('explains bad input and an unreachable API instead of failing with a stack trace', async () => {
    const shell = await cli('task', 'add', 'x', '--project', 'demo', '--agent', 'command', '--agent-command', 'make && rm -rf /');
    expect(shell.status).toBe(1);
    expect(shell.stderr).toBe('ringmaster: --agent-command contains the shell operator "&"; commands run without a shell: give one command, or an argv array\n');
    const unknown = await cli('task', 'show', 'nope');
    expect(unknown.stderr).toBe("ringmaster: no task with id 'nope'\n");
    const invalid = await cli('task', 'add', 'x', '--project', 'demo', '--priority', 'P7');
    expect(invalid.stderr).toBe('ringmaster: body.priority must be one of P0, P1, P2, P3, P4\n');
    const tokenless = await runCliAsync(['task', 'ls', '--api-url', apiUrl], { ...process.env, RINGMASTER_HOME: path.join(h.home, 'nowhere'), RINGMASTER_API_TOKEN: '' });
    expect(tokenless.status).toBe(1);
    expect(tokenless.stderr).toBe(
      `ringmaster: ${apiUrl} needs a token: set RINGMASTER_API_TOKEN, or run this on the machine of \`ringmaster up\` with the same RINGMASTER_HOME (it reads api-token there)\n`,
    );
    const port = await freePort();
    const away = await runCliAsync(['task', 'ls', '--api-url', `http://127.0.0.1:${port}`]);
    expect(away.status).toBe(1);
    expect(away.stderr).toMatch(/^ringmaster: cannot reach the Ringmaster API at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); is `ringmaster up` running\?\n$/);
  });

  it('adds a user whose token works with its role only, and keeps secrets write-only', async () => {
    const added = await cli('user', 'add', 'vic', '--role', 'viewer');
    expect(added.status).toBe(0);
    const token = added.stdout.trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(added.stderr).toContain('added vic (viewer); the token above is shown only now');
    const asVic = (...args: string[]) => runCliAsync([...args, '--api-url', apiUrl], { ...process.env, RINGMASTER_HOME: path.join(h.home, 'elsewhere'), RINGMASTER_API_TOKEN: token });
    expect((await asVic('task', 'ls')).status).toBe(0);
    const refused = await asVic('task', 'add', 'x', '--project', 'demo', '--agent', 'command', '--agent-command', 'true');
    expect(refused).toMatchObject({ status: 1, stderr: 'ringmaster: this needs the operator role; vic is viewer\n' });
    expect((await cli('user', 'ls')).stdout).toMatch(/^vic\s+viewer\s+\S+\s+admin$/m);

    const stored = await runCliAsync(['secret', 'set', 'DEPLOY_KEY', '--api-url', apiUrl], { ...process.env, RINGMASTER_HOME: h.home }, 'k3y-value-from-stdin\n');
    expect(stored).toMatchObject({ status: 0, stderr: '' });
    const listed = await cli('secret', 'ls', '--json');
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ name: 'DEPLOY_KEY', updatedBy: 'admin' })]);
    expect(listed.stdout).not.toContain('k3y-value-from-stdin');
    expect(h.api.vault.resolve('t', { K: 'DEPLOY_KEY' })).toEqual({ K: 'k3y-value-from-stdin' });
    expect((await asVic('secret', 'rm', 'DEPLOY_KEY')).stderr).toBe('ringmaster: this needs the admin role; vic is viewer\n');
    expect((await cli('user', 'rm', 'vic')).status).toBe(0);
    expect((await asVic('task', 'ls')).stderr).toBe('ringmaster: the bearer token is wrong\n');
  });

  it('lists the held worktrees and runs maintenance now, dry or for real', async () => {
    const listed = await cli('worktree', 'ls', '--json');
    expect(listed.status).toBe(0);
    const items = JSON.parse(listed.stdout) as { taskId: string; kept: boolean }[];
    for (const item of items) expect(h.api.store.tasks.get(item.taskId)).toBeDefined();
    const dry = await cli('maintenance', 'run', '--dry-run');
    expect(dry.stderr).toBe('');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/^Maintenance \(dry run: nothing was changed\)\n {2}host test-host: /);
    expect(fs.existsSync(path.join(h.home, 'backups'))).toBe(false);
    const wet = await cli('maintenance', 'run');
    expect(wet.status).toBe(0);
    expect(wet.stdout).toMatch(/^Maintenance done\n {2}backup {7}.*ringmaster-backup-.*\.tar\.gz/);
    const pruned = await cli('worktree', 'prune', '--json');
    expect(JSON.parse(pruned.stdout)).toMatchObject({ dryRun: false, backup: null, hosts: [expect.objectContaining({ hostId: 'test-host', failedCleanups: [] })] });
    const bad = await cli('maintenance', 'run', '--dry');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("unknown option '--dry'");
  });
});
