import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTracing, type Tracing } from '../../telemetry/tracing.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver.js';
import { eventually } from '../support/processes.js';
import { makeServiceProject, type ServiceProject } from '../support/service-project.js';
import { scriptedAgent, startHarness, type Harness } from '../support/task-harness.js';

// One task is one trace: the API's request span, the task workflow, its activities, the merge in
// the project's queue and the release, exported over real OTLP/HTTP to a receiver in the test.

let receiver: OtlpReceiver;
let tracing: Tracing;
let harness: Harness;
let service: ServiceProject;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  tracing = startTracing({ tracesUrl: receiver.tracesUrl }, { name: 'ringmaster-test', version: '9.9.9' });
  harness = await startHarness('trace', { tracing });
  service = await makeServiceProject();
});

afterAll(async () => {
  await harness.close();
  service.close();
  await tracing.shutdown();
  await receiver.close();
});

describe('tracing', () => {
  it('exports one trace per task from POST /api/tasks through the iterations, the test gate, the merge and the release', async () => {
    const h = harness;
    expect((await h.app.inject({ method: 'POST', url: '/api/projects', payload: service.projectBody('svc') })).statusCode).toBe(201);
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/tasks?token-is-not-recorded=1',
      payload: { project: 'svc', title: 'Bump the version', agent: 'command', maxIterations: 1, agentOptions: { command: [process.execPath, scriptedAgent('write-file.mjs'), 'VERSION', '2\n'] } },
    });
    expect(res.statusCode).toBe(201);
    const taskId = res.json<{ id: string }>().id;
    const task = await h.run(() => h.waitFor(taskId, undefined, 90_000));
    expect(task.status).toBe('completed');

    const root = await eventually(() => receiver.spans.find((span) => span.name === 'POST /api/tasks'), 'the request span');
    const inTrace = () => receiver.spans.filter((span) => span.traceId === root.traceId);
    // The release's last activity ends after the task's verdict: wait for the whole tree.
    await eventually(() => inTrace().some((span) => span.name === 'RunWorkflow:hotReloadWorkflow'), 'the release workflow span', 15_000);
    await tracing.spanProcessor.forceFlush();
    // A workflow task that is retried (e.g. it timed out on a busy machine) exports its spans again,
    // with the same ids (a workflow's randomness is replayed): one span per id.
    const spans = [...new Map(inTrace().map((span) => [span.spanId, span])).values()];
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const parentOf = (span: ReceivedSpan) => (span.parentSpanId ? byId.get(span.parentSpanId) : undefined);
    const only = (name: string) => {
      const found = spans.filter((span) => span.name === name);
      expect(found.map((span) => span.name)).toEqual([name]);
      return found[0]!;
    };

    expect(root).toMatchObject({ parentSpanId: undefined, service: 'ringmaster-test', attributes: { 'http.request.method': 'POST', 'http.route': '/api/tasks', 'http.response.status_code': 201 } });
    expect(JSON.stringify(root.attributes)).not.toContain('token-is-not-recorded');
    const start = only('StartWorkflow:taskWorkflow');
    expect(parentOf(start)).toBe(root);
    const run = only('RunWorkflow:taskWorkflow');
    expect(parentOf(run)).toBe(start);
    // Every span of the trace hangs from the request: no span lost its parent on the way.
    for (const span of spans) {
      let at: ReceivedSpan | undefined = span;
      for (let depth = 0; at && at !== root && depth < 50; depth++) at = parentOf(at);
      expect([span.name, at]).toEqual([span.name, root]);
    }
    const ancestors = (span: ReceivedSpan): string[] => {
      const names: string[] = [];
      for (let at = parentOf(span); at; at = parentOf(at)) names.push(at.name);
      return names;
    };
    // The iteration and the test gate run under the task workflow.
    for (const name of ['RunActivity:prepareWorktree', 'RunActivity:runIteration', 'RunActivity:testAndMerge']) {
      expect(ancestors(only(name))).toContain('RunWorkflow:taskWorkflow');
    }
    // The merge runs in the project's queue workflow, inside the submission's trace.
    for (const name of ['RunActivity:testCandidate', 'RunActivity:advanceDefaultBranch']) {
      expect(ancestors(only(name)).slice(0, 3)).toEqual([name.replace('Run', 'Start'), 'RunActivity:submitToQueue', 'StartActivity:submitToQueue']);
    }
    // The release is a child workflow of the queue's, in the same trace, with its build, activation and health check.
    const release = only('RunWorkflow:hotReloadWorkflow');
    expect(parentOf(release)?.name).toBe('StartChildWorkflow:hotReloadWorkflow');
    for (const name of ['RunActivity:buildRelease', 'RunActivity:activateRelease', 'RunActivity:checkReleaseHealth']) {
      expect(ancestors(only(name))).toContain('RunWorkflow:hotReloadWorkflow');
    }
    expect(ancestors(release)).toContain('RunActivity:submitToQueue');
    // The verdict comes back to the task as a traced signal.
    expect(parentOf(only('HandleSignal:mergeVerdict'))?.name).toBe('SignalWorkflow:mergeVerdict');
  }, 120_000);
});
