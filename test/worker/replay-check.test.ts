import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { checkReplay, ReplayCheckError, type ReplayCheckOptions } from '../../worker/replay-check.js';
import { startReplayFixture, type ReplayFixture } from '../support/replay-fixture.js';
import { testRunEnv } from '../support/test-env.js';
import { buildWorkflowVariant, type WorkflowVariant } from '../support/workflow-variant.js';

// The determinism gate against real histories: real workers ran real tasks on the run's Temporal
// server, and real bundles (the run's own and deliberately changed copies) replay them.

let fixture: ReplayFixture;
const variants: WorkflowVariant[] = [];

beforeAll(async () => {
  fixture = await startReplayFixture('replay', 3);
}, 180_000);

afterAll(async () => {
  await fixture?.close();
  for (const variant of variants) variant.remove();
});

function options(overrides: Partial<ReplayCheckOptions> = {}): ReplayCheckOptions {
  return {
    connection: fixture.harness.api.connection,
    namespace: 'default',
    taskQueue: fixture.taskQueue,
    workflowBundlePath: testRunEnv().workflowBundle,
    closedWithinHours: 1,
    maxHistories: 100,
    ...overrides,
  };
}

async function variant(label: string, ...patches: Parameters<typeof buildWorkflowVariant>[1]): Promise<string> {
  const built = await buildWorkflowVariant(label, patches);
  variants.push(built);
  return built.bundlePath;
}

// A timer before the first activity: the histories start with ActivityTaskScheduled.
const sleepFirst = [{ file: 'workflows/task-workflow.ts', find: '  const plan = await records().recordTask(', replace: '  await sleep(1);\n  const plan = await records().recordTask(' }];

describe('checkReplay', () => {
  it("replays the running and the recently closed histories with the run's own bundle", async () => {
    const result = await checkReplay(options());
    const n = fixture.waiting.length + 1;
    console.log(
      `replay-check timing: ${result.checked} histories (${result.running} running, ${result.closed} closed) in ${result.timings.totalMs} ms (list ${result.timings.listMs} ms, fetch+replay ${result.timings.replayMs} ms)`,
    );

    expect(result).toMatchObject({ checked: n, running: fixture.waiting.length, closed: 1, vanished: 0, truncated: false, failures: [] });
    expect(result.queries.running).toBe(`TaskQueue = "${fixture.taskQueue}" AND ExecutionStatus = "Running"`);
    expect(result.queries.closed).toMatch(new RegExp(`^TaskQueue = "${fixture.taskQueue}" AND CloseTime > "\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z"$`));
  });

  it('leaves out runs that closed before the window, and checks running runs first when cut at maxHistories', async () => {
    const later = new Date(Date.now() + 2 * 3_600_000);
    const onlyRunning = await checkReplay(options({ now: later }));
    expect(onlyRunning).toMatchObject({ checked: fixture.waiting.length, running: fixture.waiting.length, closed: 0, truncated: false });

    const cut = await checkReplay(options({ maxHistories: 2 }));
    expect(cut).toMatchObject({ checked: 2, running: 2, closed: 0, truncated: true, failures: [] });
  });

  it('names every workflow a changed workflow would break as a nondeterminism failure', async () => {
    const bundle = await variant('sleep-first', ...sleepFirst);
    const result = await checkReplay(options({ workflowBundlePath: bundle }));

    expect(result.checked).toBe(fixture.waiting.length + 1);
    expect(result.failures.map((f) => f.workflowId).sort()).toEqual([fixture.closed, ...fixture.waiting].map((t) => t.workflowId).sort());
    for (const failure of result.failures) {
      expect(failure).toMatchObject({ kind: 'nondeterminism', workflowType: 'taskWorkflow', runId: expect.any(String) });
      // The inserted timer meets the history's first command (the marker of the build's changes).
      expect(failure.error).toMatch(/^\[TMPRL1100\] Nondeterminism error: .*\bchanges-2026-12\b/);
    }
    const running = result.failures
      .filter((f) => f.running)
      .map((f) => f.workflowId)
      .sort();
    expect(running).toEqual(fixture.waiting.map((t) => t.workflowId).sort());
  }, 120_000);

  it('reports a workflow that fails under the new code as a replay error, not as nondeterminism', async () => {
    // Throws only for the waiting tasks' titles: the closed task's history still replays.
    const bundle = await variant('throws', {
      file: 'workflows/task-workflow.ts',
      find: '  const plan = await records().recordTask(',
      replace: "  if (input.title.startsWith('Colour')) throw new TypeError('this release cannot read the task');\n  const plan = await records().recordTask(",
    });
    const result = await checkReplay(options({ workflowBundlePath: bundle }));

    expect(result.checked).toBe(fixture.waiting.length + 1);
    expect(result.failures.map((f) => f.workflowId).sort()).toEqual(fixture.waiting.map((t) => t.workflowId).sort());
    for (const failure of result.failures) {
      expect(failure).toMatchObject({ kind: 'replay-error', running: true, workflowType: 'taskWorkflow' });
      expect(failure.error).toBe('this release cannot read the task');
    }
  }, 120_000);

  it('throws a classified error when the bundle is missing or broken, the queue unusable or the namespace unknown', async () => {
    await expect(checkReplay(options({ workflowBundlePath: '/nonexistent/workflow-bundle.js' }))).rejects.toMatchObject({
      name: 'ReplayCheckError',
      kind: 'bundle-missing',
    });
    const broken = path.join(fixture.harness.home, 'broken-bundle.js');
    fs.writeFileSync(broken, 'this is not JavaScript {');
    await expect(checkReplay(options({ workflowBundlePath: broken }))).rejects.toMatchObject({ name: 'ReplayCheckError', kind: 'replay-worker' });

    await expect(checkReplay(options({ taskQueue: 'say "hi"' }))).rejects.toMatchObject({ kind: 'bad-query' });

    const missingNamespace = checkReplay(options({ namespace: 'no-such-namespace' }));
    await expect(missingNamespace).rejects.toBeInstanceOf(ReplayCheckError);
    await expect(missingNamespace).rejects.toMatchObject({ kind: 'namespace-not-found', message: expect.stringContaining('no-such-namespace') });
  });
});
