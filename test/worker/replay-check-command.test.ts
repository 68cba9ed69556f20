import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCliAsync } from '../support/cli.js';
import { freePort } from '../support/free-port.js';
import { startReplayFixture, type ReplayFixture } from '../support/replay-fixture.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { testRunEnv } from '../support/test-env.js';
import { buildWorkflowVariant, type WorkflowVariant } from '../support/workflow-variant.js';

// `ringmaster replay-check` as the hot reload runs it: the compiled CLI (npm run build) checks its
// own dist/workflow-bundle.js against the workflows of a real server.

let fixture: ReplayFixture;
let variant: WorkflowVariant | undefined;
let home: string;

beforeAll(async () => {
  fixture = await startReplayFixture('replay-cli', 1);
  home = makeTempDir('ringmaster-replay-cli-home-');
}, 180_000);

afterAll(async () => {
  await fixture?.close();
  variant?.remove();
  if (home) removeDir(home);
});

/** The environment a release's replay gate gets: the cluster and queue through the usual variables. */
function env(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, RINGMASTER_HOME: home, TEMPORAL_ADDRESS: testRunEnv().temporalAddress, ...overrides };
  if (!overrides.RINGMASTER_TASK_QUEUE) delete base.RINGMASTER_TASK_QUEUE;
  return base;
}

describe('ringmaster replay-check', () => {
  it('exits 0 with one summary line when every history replays with its own bundle', async () => {
    const started = Date.now();
    const { status, stdout, stderr } = await runCliAsync(['replay-check', '--task-queue', fixture.taskQueue, '--hours', '1'], env());
    console.log(`replay-check CLI timing: 2 histories, whole process ${Date.now() - started} ms`);

    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^replay-check: ok: 2 histories of ${fixture.taskQueue} \\(1 running, 1 closed within 1 h\\) replay with .*/dist/workflow-bundle\\.js in [\\d.]+ s$`));
  });

  it('reads the task queue from RINGMASTER_TASK_QUEUE and prints JSON', async () => {
    const { status, stdout } = await runCliAsync(['replay-check', '--json'], env({ RINGMASTER_TASK_QUEUE: fixture.taskQueue }));

    expect(status).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ ok: true, taskQueue: fixture.taskQueue, namespace: 'default', hours: 24, checked: 2, running: 1, closed: 1, failures: [] });
    expect(report.bundle).toMatch(/\/dist\/workflow-bundle\.js$/);
  });

  it('exits 1 and names the workflows a non-deterministic bundle would break', async () => {
    variant = await buildWorkflowVariant('cli-sleep-first', [
      { file: 'workflows/task-workflow.ts', find: '  const plan = await records().recordTask(', replace: '  await sleep(1);\n  const plan = await records().recordTask(' },
    ]);
    const { status, stdout, stderr } = await runCliAsync(['replay-check', '--task-queue', fixture.taskQueue, '--workflow-bundle', variant.bundlePath], env());

    expect({ status, stderr }).toEqual({ status: 1, stderr: '' });
    const [summary, ...rows] = stdout.trim().split('\n');
    expect(summary).toMatch(/^replay-check: FAIL: 2 of 2 histories .* these workflows would break:$/);
    expect(rows).toHaveLength(2);
    const running = fixture.waiting[0]!.workflowId;
    expect(rows.find((row) => row.includes(running))).toMatch(new RegExp(`^  nondeterminism +${running} \\(taskWorkflow, running, run [\\w-]+\\): \\[TMPRL1100\\] Nondeterminism error`));
    expect(rows.find((row) => row.includes(fixture.closed.workflowId))).toContain('(taskWorkflow, closed,');
  }, 120_000);

  it('exits 1 with a one-line error when Temporal is unreachable', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const { status, stdout, stderr } = await runCliAsync(['replay-check', '--task-queue', fixture.taskQueue], env({ TEMPORAL_ADDRESS: address }));

    expect({ status, stdout }).toEqual({ status: 1, stdout: '' });
    expect(stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(new RegExp(`^ringmaster: replay-check: cannot reach Temporal at ${address}: .+`))]);
  });

  it('exits 1 with a one-line error for unusable flags', async () => {
    const hours = await runCliAsync(['replay-check', '--hours', 'soon'], env());
    expect(hours.status).toBe(1);
    expect(hours.stderr.trimEnd().split('\n')).toEqual(['ringmaster: --hours must be a number of hours, 0 or more, got "soon"']);

    const queue = await runCliAsync(['replay-check', '--task-queue', 'no "quotes"'], env());
    expect(queue.status).toBe(1);
    expect(queue.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^ringmaster: --task-queue: must be letters, digits/)]);
  });
});
