import type { Client } from '@temporalio/client';
import { eventually } from './processes.js';
import { scriptedAgent, startHarness, type Harness } from './task-harness.js';
import { removeDir } from './temp-dir.js';
import { makeTempGitRepo } from './temp-git-repo.js';

/** A task as the API filed it. */
export interface FiledTask {
  id: string;
  workflowId: string;
}

/** Real Ringmaster workflows with real histories on a task queue of their own, for replay checks. */
export interface ReplayFixture {
  harness: Harness;
  taskQueue: string;
  client: Client;
  /** A task that ran to its end (its tests failed on its only iteration): a closed history. */
  closed: FiledTask;
  /** Tasks whose agent asked a question: running workflows waiting for an answer. */
  waiting: FiledTask[];
  /** Terminates the waiting workflows, stops the harness and removes the repository. */
  close(): Promise<void>;
}

const node = process.execPath;

async function fileTask(h: Harness, body: Record<string, unknown>): Promise<FiledTask> {
  const res = await h.app.inject({ method: 'POST', url: '/api/tasks', payload: body });
  if (res.statusCode !== 201) throw new Error(`filing a task answered ${res.statusCode}: ${res.body}`);
  return res.json();
}

/**
 * Starts the real API and workers on a unique task queue, runs one task to its end (write-file
 * agent, the project's tests fail, no iteration left: worktree, prompt, agent, tests and cleanup
 * without the merge path) and leaves `waitingCount` tasks waiting for a decision (ask-then-do).
 * The workers stop before it returns, so the histories stay as they are; it returns once the
 * cluster's visibility lists them all (running and closed).
 */
export async function startReplayFixture(label: string, waitingCount = 1): Promise<ReplayFixture> {
  const harness = await startHarness(label);
  const repo = makeTempGitRepo({ 'README.md': '# demo\n', 'check.mjs': "import fs from 'node:fs'; process.exit(fs.existsSync('hello.txt') ? 0 : 1);\n" });
  const client = harness.api.client;
  const waiting: FiledTask[] = [];
  try {
    const project = await harness.app.inject({ method: 'POST', url: '/api/projects', payload: { name: 'demo', repoPath: repo, testCommand: `${node} check.mjs` } });
    if (project.statusCode !== 201) throw new Error(`adding the project answered ${project.statusCode}: ${project.body}`);
    const closed = await fileTask(harness, {
      project: 'demo',
      title: 'Say goodbye',
      maxIterations: 1,
      agent: 'command',
      agentOptions: { command: [node, scriptedAgent('write-file.mjs'), 'goodbye.txt', 'goodbye\n'] },
    });
    for (let i = 0; i < waitingCount; i++) {
      waiting.push(await fileTask(harness, { project: 'demo', title: `Colour button ${i + 1}`, agent: 'command', agentOptions: { command: [node, scriptedAgent('ask-then-do.mjs')] } }));
    }
    await harness.run(async () => {
      // The workflow fails the way the task did (its tests failed).
      await client.workflow
        .getHandle(closed.workflowId)
        .result()
        .catch(() => undefined);
      for (const task of waiting) await harness.waitFor(task.id, ['needs_decision'], 120_000);
    });
    const queue = `TaskQueue = "${harness.taskQueue}"`;
    await eventually(async () => {
      const [running, done] = await Promise.all([client.workflow.count(`${queue} AND ExecutionStatus = "Running"`), client.workflow.count(`${queue} AND ExecutionStatus = "Failed"`)]);
      return running.count === waitingCount && done.count === 1 ? true : undefined;
    }, 'visibility to list the fixture workflows');
    return {
      harness,
      taskQueue: harness.taskQueue,
      client,
      closed,
      waiting,
      async close() {
        await Promise.allSettled(waiting.map((task) => client.workflow.getHandle(task.workflowId).terminate('test over')));
        await harness.close();
        removeDir(repo);
      },
    };
  } catch (err) {
    await Promise.allSettled(waiting.map((task) => client.workflow.getHandle(task.workflowId).terminate('fixture failed')));
    await harness.close();
    removeDir(repo);
    throw err;
  }
}
