import { describe, expect, it } from '@jest/globals';
import { formatTaskBench, taskBenchLines, type TaskBenchRun } from '../../../bench/tasks/format-tasks-report.js';

const run: TaskBenchRun = {
  directGitMs: [100, 120, 110],
  agentAloneMs: [60, 70, 80],
  sequential: { totalMs: [400, 500, 300], statuses: ['completed', 'completed', 'completed'] },
  burst: {
    tasks: 100,
    completed: 99,
    lost: 1,
    seconds: 10,
    tasksPerSecond: 9.9,
    postP50Ms: 12.34,
    postP95Ms: 30,
    cpuSecondsPerTask: 0.256,
    cpuSecondsPerTaskBy: { temporal: 0.1, worker: 0.12, api: 0.03, up: 0.006 },
  },
  history: { taskWorkflow: { workflows: 103, events: 4120 }, integrationWorkflow: { workflows: 10, events: 1030 } },
  historyTasks: 103,
  resume: { killToAgentMs: 7200.4, killToCompletedMs: 9100, status: 'completed' },
  listEmpty: { requestsPerSecond: 4000, p50Ms: 1, p99Ms: 3, errors: 0 },
  listSeeded: { requestsPerSecond: 1600, p50Ms: 3, p99Ms: 8.25, errors: 0 },
  seededTasks: 10_000,
};

describe('the bench:tasks report', () => {
  it('prints one JSON line per scenario, with the overhead net of the agent and the ratio to direct git', () => {
    const lines = taskBenchLines(run);
    expect(lines.map((line) => line.scenario)).toEqual(['direct-git', 'agent-alone', 'sequential', 'burst', 'history', 'resume-after-kill', 'list']);
    expect(lines[2]).toMatchObject({ totalP50Ms: 400, overheadP50Ms: 330, overheadP95Ms: 430, ratioToDirectGit: 3.6 });
    expect(lines[4]).toMatchObject({ eventsPerTask: 50 });
    expect(lines[6]).toMatchObject({ seededShareOfEmpty: 0.4, seeded: { p99Ms: 8.3 } });
  });

  it('puts each figure next to its target in a markdown table', () => {
    const table = formatTaskBench(run).split('\n');
    expect(table[0]).toBe('| measure | this run | target |');
    expect(table).toContain('| 100 tasks at once: tasks per second to all completed (lost) | 9.9 (1 lost) | ≥ 10, none lost |');
    expect(table).toContain('| SIGKILL of the worker mid-agent → agent running again | 7200 ms | ≤ 10 s |');
  });
});
