import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { packageRoot } from '../../config/paths.js';
import { submitToQueue } from '../../temporal/submit-to-queue.js';
import { claudeTestEnv } from '../support/claude-test-env.js';
import { workingDirectoryOf } from '../support/classify-messages-request.js';
import { descendants, startCli, type RunningCli } from '../support/cli.js';
import { freePort } from '../support/free-port.js';
import { startLoad } from '../support/load.js';
import { eventually, waitForExit } from '../support/processes.js';
import { startScriptedAnthropicServer, type ScriptedAnthropicServer } from '../support/scripted-anthropic-server.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { testRunEnv } from '../support/test-env.js';

// Ringmaster improving itself, end to end: `ringmaster up --self` on a clone of this repository,
// a task filed against Ringmaster carried out by the REAL Claude Code CLI (scripted model) that
// adds a field to /health, the change passes Ringmaster's own tests (a reduced but real jest
// run), merges, releases (build, replay gate, rolling restart) — and the running Ringmaster then
// serves the new field, while a load generator in another process sees no failed request; then a
// release that fails its health check is rolled back, again under load; then a workflow change
// that would break a running task is rejected by the replay gate.

const root = packageRoot();
const HEALTH_FILE = 'api/health/health-report.ts';
const PING_FILE = 'workflows/ping-workflow.ts';
// The task changes workflow code too: after the reload, a ping must run the release's workflow code.
const PING_LINE = '  return ping(input);\n';
const PING_RELEASED = "  return Object.assign(await ping(input), { motto: 'reloaded by its own task' });\n";
// A reduced but real jest run of the part the task changes (the health route); it starts its own Temporal dev server.
const TEST_COMMAND = 'npm run test:jest -- test/api/health-cache.test.ts';

interface Health {
  status: string;
  commit: string;
  motto?: string;
}

const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

function scriptedAgentPath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/agents/${name}`, import.meta.url));
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@ringmaster.invalid', ...args], { cwd, encoding: 'utf8' }).trim();
}

/** The admin token `up` generated into its data dir: every request but a bare /health needs it. */
let tokenFile = '';
const auth = (): Record<string, string> => ({ authorization: `Bearer ${fs.readFileSync(tokenFile, 'utf8').trim()}` });

async function json<T>(url: string): Promise<T> {
  return (await (await fetch(url, { headers: auth() })).json()) as T;
}

describe('self-hosting', () => {
  it('carries out a task against Ringmaster itself and reloads onto it without failing a request', async () => {
    const work = makeTempDir('ringmaster-self-');
    const clone = path.join(work, 'ringmaster');
    const home = path.join(work, 'home');
    tokenFile = path.join(home, 'api-token');
    cleanup.push(() => removeDir(work));
    git(work, 'clone', '--quiet', root, clone);
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(clone, 'node_modules'));

    const healthSource = fs.readFileSync(path.join(clone, HEALTH_FILE), 'utf8');
    const schemaLine = '    version: Type.String(),\n';
    const valueLine = '    version: parts.version,\n';
    expect(healthSource).toContain(schemaLine);
    expect(healthSource).toContain(valueLine);
    expect(fs.readFileSync(path.join(clone, PING_FILE), 'utf8')).toContain(PING_LINE);
    const server: ScriptedAnthropicServer = await startScriptedAnthropicServer([
      (request) => ({ toolUse: { name: 'Read', input: { file_path: path.join(workingDirectoryOf(request)!, HEALTH_FILE) } } }),
      (request) => ({
        toolUse: {
          name: 'Edit',
          input: { file_path: path.join(workingDirectoryOf(request)!, HEALTH_FILE), old_string: schemaLine, new_string: `${schemaLine}    motto: Type.Optional(Type.String()),\n` },
        },
      }),
      (request) => ({
        toolUse: {
          name: 'Edit',
          input: { file_path: path.join(workingDirectoryOf(request)!, HEALTH_FILE), old_string: valueLine, new_string: `${valueLine}    motto: 'reloaded by its own task',\n` },
        },
      }),
      (request) => ({ toolUse: { name: 'Read', input: { file_path: path.join(workingDirectoryOf(request)!, PING_FILE) } } }),
      (request) => ({ toolUse: { name: 'Edit', input: { file_path: path.join(workingDirectoryOf(request)!, PING_FILE), old_string: PING_LINE, new_string: PING_RELEASED } } }),
      { text: 'Added a motto to /health and to the ping workflow.\n\n<promise>COMPLETE</promise>' },
    ]);
    cleanup.push(() => server.close());

    const [api, temporal, ui] = [await freePort(), await freePort(), await freePort()];
    const up: RunningCli = startCli(['up', '--self', clone, '--self-test-cmd', TEST_COMMAND, '--home', home, '--port', `${api}`, '--temporal-port', `${temporal}`, '--temporal-ui-port', `${ui}`], {
      ...process.env,
      RINGMASTER_TEMPORAL_BIN: testRunEnv().temporalBin,
      RINGMASTER_LOG_LEVEL: 'warn',
    });
    cleanup.push(async () => {
      if (up.child.exitCode === null) {
        up.child.kill('SIGKILL');
        await up.exited;
      }
    });
    const base = `http://127.0.0.1:${api}`;
    const first = await eventually(
      async () => {
        if (up.child.exitCode !== null) throw new Error(`ringmaster up --self exited:\n${up.output()}`);
        const health = fs.existsSync(tokenFile) ? await json<Health>(`${base}/health`).catch(() => undefined) : undefined;
        return health?.status === 'ok' ? health : undefined;
      },
      'the self-hosted Ringmaster to be healthy',
      240_000,
    );
    const head = git(clone, 'rev-parse', 'HEAD');
    expect(first.commit).toBe(head);
    expect(first.motto).toBeUndefined();
    expect(up.output()).toContain(`Ringmaster runs from ${path.join(home, 'releases', 'ringmaster', head)}`);

    const load = await startLoad({ url: base, paths: ['/api/tasks', '/health'], rate: 20, headers: auth() });
    const configDir = makeTempDir('ringmaster-self-claude-');
    cleanup.push(() => removeDir(configDir));
    const binDir = fileURLToPath(new URL('../../node_modules/.bin', import.meta.url));
    const env = Object.fromEntries(
      Object.entries({ ...claudeTestEnv(server.url, configDir), PATH: `${binDir}${path.delimiter}${process.env.PATH}` }).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const filed = await fetch(`${base}/api/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth() },
      body: JSON.stringify({ project: 'ringmaster', title: 'Add a motto to /health', agent: 'claude-code', maxIterations: 2, agentOptions: { env } }),
    });
    expect(filed.status).toBe(201);
    const { id } = (await filed.json()) as { id: string };

    const task = await eventually(
      async () => {
        const t = await json<{ status: string; error: string | null; finalCommit: string | null }>(`${base}/api/tasks/${id}`).catch(() => undefined);
        return t && ['completed', 'failed', 'cancelled', 'conflict'].includes(t.status) ? t : undefined;
      },
      'the task against Ringmaster to finish',
      600_000,
    );
    const summary = await load.stop();
    console.log(
      `self reload under load: ${summary.requests} requests at ${(summary.requests / (summary.durationMs / 1000)).toFixed(1)}/s over ${(summary.durationMs / 1000).toFixed(0)} s, ` +
        `errors ${summary.errors}, non-2xx ${summary.non2xx}, timeouts ${summary.timeouts}, p50 ${summary.latency.p50} ms, p99 ${summary.latency.p99} ms`,
    );
    expect(task).toMatchObject({ status: 'completed', error: null });
    const after = await json<Health>(`${base}/health`);
    expect(after).toMatchObject({ commit: task.finalCommit, motto: 'reloaded by its own task' });
    // The workers run the release's own workflow code, not the bundle of the checkout that started them.
    const pingConnection = await Connection.connect({ address: `127.0.0.1:${temporal}` });
    try {
      const pong = await new Client({ connection: pingConnection }).workflow.execute<(input: { message: string }) => Promise<{ message: string; motto?: string }>>('pingWorkflow', {
        taskQueue: 'ringmaster',
        workflowId: `self-ping-${Date.now()}`,
        args: [{ message: 'which code?' }],
      });
      expect(pong).toMatchObject({ message: 'which code?', motto: 'reloaded by its own task' });
    } finally {
      await pingConnection.close();
    }
    expect(git(clone, 'rev-parse', 'main')).toBe(task.finalCommit);
    const reloads = await json<{ items: { status: string; steps: { name: string; status: string }[] }[] }>(`${base}/api/reloads?project=ringmaster`);
    expect(reloads.items[0]).toMatchObject({ status: 'deployed' });
    expect(reloads.items[0]!.steps.map((s) => s.name)).toEqual(['record-last-good', 'choose-hosts', 'build', 'verify-tested', 'replay-gate', 'activate', 'health-check']);
    // On failure, `failures` says which paths answered what.
    expect(summary).toMatchObject({ errors: 0, non2xx: 0, timeouts: 0, failures: [] });
    expect(summary.requests).toBeGreaterThan(100);

    // A release that passes the tests but reports the wrong commit fails its health check: it is
    // rolled back to the release above (a rolling restart back), still without a failed request.
    const good = task.finalCommit!;
    const versionFile = path.join(clone, 'config/version.ts');
    const source = fs.readFileSync(versionFile, 'utf8');
    expect(source).toContain('cached = { version, commit };');
    git(clone, 'checkout', '-q', '-b', 'misreport-commit', 'main');
    fs.writeFileSync(versionFile, source.replace('cached = { version, commit };', 'cached = { version, commit: `${commit}-unverified` };'));
    git(clone, 'commit', '-qam', 'Report the commit differently');
    const badHead = git(clone, 'rev-parse', 'HEAD');
    git(clone, 'checkout', '-q', 'main');
    // A release that does not serve its own commit within 4 s is rolled back. The inner jest run
    // above proved that the queue gates on Ringmaster's own tests; the two releases below are
    // about what comes after the tests, so they pass a test command that costs nothing.
    const patched = await fetch(`${base}/api/projects/ringmaster`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...auth() },
      body: JSON.stringify({ healthCheckSeconds: 4, testCommand: [process.execPath, '-e', '0'] }),
    });
    expect(patched.status).toBe(200);
    const project = (await patched.json()) as { id: string; healthCheckSeconds: number; testCommand: string[] };
    expect(project).toMatchObject({ healthCheckSeconds: 4, testCommand: [process.execPath, '-e', '0'] });
    const rollbackLoad = await startLoad({ url: base, paths: ['/api/tasks', '/health'], rate: 20, headers: auth() });
    const connection = await Connection.connect({ address: `127.0.0.1:${temporal}` });
    try {
      await submitToQueue(new Client({ connection }), 'ringmaster', project.id, {
        kind: 'merge',
        candidate: { taskId: 'by-hand', taskWorkflowId: 'task-by-hand', branch: 'misreport-commit', headCommit: badHead, title: 'Report the commit differently' },
      });
    } finally {
      await connection.close();
    }
    type Reload = { toCommit: string; status: string; steps: unknown[]; compensations: { name: string; status: string }[]; revertCommit: string | null };
    let lastSeen: Reload | undefined;
    const rolledBack = await eventually(
      async () => {
        const list = await json<{ items: Reload[] }>(`${base}/api/reloads?project=ringmaster`);
        lastSeen = list.items.find((r) => r.toCommit === badHead);
        return lastSeen && lastSeen.status !== 'running' ? lastSeen : undefined;
      },
      'the bad release to be rolled back',
      600_000,
    ).catch((err: Error) => {
      // Where it stuck: the release's steps and what `up` said last.
      throw new Error(`${err.message}\nthe release: ${JSON.stringify(lastSeen)}\nup said:\n${up.output().slice(-6000)}`);
    });
    const rollbackSummary = await rollbackLoad.stop();
    console.log(
      `self rollback under load: ${rollbackSummary.requests} requests at ${(rollbackSummary.requests / (rollbackSummary.durationMs / 1000)).toFixed(1)}/s over ${(rollbackSummary.durationMs / 1000).toFixed(0)} s, ` +
        `errors ${rollbackSummary.errors}, non-2xx ${rollbackSummary.non2xx}, timeouts ${rollbackSummary.timeouts}, p50 ${rollbackSummary.latency.p50} ms, p99 ${rollbackSummary.latency.p99} ms`,
    );
    expect(rolledBack.status).toBe('rolled_back');
    expect(rolledBack.compensations.map((c) => [c.name, c.status])).toEqual([
      ['reactivate-previous-release', 'ok'],
      ['discard-release', 'ok'],
      ['revert-default-branch', 'ok'],
    ]);
    expect(await json<Health>(`${base}/health`)).toMatchObject({ commit: good, motto: 'reloaded by its own task' });
    expect(git(clone, 'rev-parse', 'main')).toBe(rolledBack.revertCommit);
    expect(git(clone, 'rev-parse', 'main^{tree}')).toBe(git(clone, 'rev-parse', `${good}^{tree}`));
    expect(rollbackSummary).toMatchObject({ errors: 0, non2xx: 0, timeouts: 0, failures: [] });

    // A workflow-code change that would break a running task is rejected by the replay gate: the
    // task waiting for a decision keeps running on the release that serves.
    const waiting = await fetch(`${base}/api/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth() },
      body: JSON.stringify({ project: 'ringmaster', title: 'Ask before changing', agent: 'command', agentOptions: { command: [process.execPath, scriptedAgentPath('ask-then-do.mjs')] } }),
    });
    const { id: waitingId } = (await waiting.json()) as { id: string };
    await eventually(async () => ((await json<{ status: string }>(`${base}/api/tasks/${waitingId}`)).status === 'needs_decision' ? true : undefined), 'a task waiting for a decision', 120_000);
    const workflowFile = path.join(clone, 'workflows/task-workflow.ts');
    const workflowSource = fs.readFileSync(workflowFile, 'utf8');
    const recordTaskCall = '  const plan = await records().recordTask({ taskId, workflowId, input });\n';
    expect(workflowSource).toContain(recordTaskCall);
    git(clone, 'checkout', '-q', '-b', 'nondeterministic', 'main');
    fs.writeFileSync(workflowFile, workflowSource.replace(recordTaskCall, `  await records().recordProgress({ taskId, progress: {} });\n${recordTaskCall}`));
    git(clone, 'commit', '-qam', 'Record progress before recording the task');
    const nondeterministic = git(clone, 'rev-parse', 'HEAD');
    git(clone, 'checkout', '-q', 'main');
    const gateConnection = await Connection.connect({ address: `127.0.0.1:${temporal}` });
    try {
      await submitToQueue(new Client({ connection: gateConnection }), 'ringmaster', project.id, {
        kind: 'merge',
        candidate: { taskId: 'by-hand-2', taskWorkflowId: 'task-by-hand-2', branch: 'nondeterministic', headCommit: nondeterministic, title: 'Record progress before recording the task' },
      });
    } finally {
      await gateConnection.close();
    }
    const rejected = await eventually(
      async () => {
        const list = await json<{ items: { toCommit: string; status: string; steps: { name: string; status: string; detail?: string }[]; compensations: { name: string }[] }[] }>(
          `${base}/api/reloads?project=ringmaster`,
        );
        const reload = list.items.find((r) => r.toCommit === nondeterministic);
        return reload && reload.status !== 'running' ? reload : undefined;
      },
      'the nondeterministic release to be judged',
      600_000,
    );
    expect(rejected.status).toBe('rejected');
    const gate = rejected.steps.find((step) => step.name === 'replay-gate')!;
    expect(gate.status).toBe('failed');
    expect(gate.detail).toContain(`task-${waitingId}`);
    expect(rejected.compensations.map((c) => c.name)).toEqual(['discard-release', 'revert-default-branch']);
    expect((await json<Health>(`${base}/health`)).commit).toBe(good);
    expect((await json<{ status: string }>(`${base}/api/tasks/${waitingId}`)).status).toBe('needs_decision');
    await fetch(`${base}/api/tasks/${waitingId}/cancel`, { method: 'POST', headers: auth() });

    const tree = descendants(up.child.pid!);
    up.child.kill('SIGTERM');
    expect(await up.exited).toBe(0);
    for (const pid of tree) await waitForExit(pid, 10_000);
  }, 900_000);
});
