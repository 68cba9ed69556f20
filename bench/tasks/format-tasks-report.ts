import { quantile } from '../localize/metrics.js';
import type { BurstResult, ListLoadResult, ResumeResult, SequentialResult } from './task-scenarios.js';

/** Everything one `npm run bench:tasks` measured. */
export interface TaskBenchRun {
  directGitMs: number[];
  agentAloneMs: number[];
  sequential: SequentialResult;
  burst: BurstResult;
  /** Workflows and history events by workflow type, after every scenario but the kill. */
  history: Record<string, { workflows: number; events: number }>;
  /** Tasks the history covers (sequential + burst). */
  historyTasks: number;
  resume: ResumeResult;
  listEmpty: ListLoadResult;
  listSeeded: ListLoadResult;
  seededTasks: number;
}

const round = (n: number, digits = 0) => Number(n.toFixed(digits));

/** What the run measured, as the report prints it. Pure. */
export function summarizeTaskBench(run: TaskBenchRun) {
  const direct = quantile(run.directGitMs, 0.5);
  const agent = quantile(run.agentAloneMs, 0.5);
  const overhead = run.sequential.totalMs.map((ms) => ms - agent);
  const events = Object.values(run.history).reduce((sum, t) => sum + t.events, 0);
  const list = (result: ListLoadResult) => ({ requestsPerSecond: round(result.requestsPerSecond), p50Ms: round(result.p50Ms, 1), p99Ms: round(result.p99Ms, 1), errors: result.errors });
  return {
    'direct-git': { runs: run.directGitMs.length, p50Ms: round(direct), p95Ms: round(quantile(run.directGitMs, 0.95)) },
    'agent-alone': { runs: run.agentAloneMs.length, p50Ms: round(agent) },
    sequential: {
      tasks: run.sequential.totalMs.length,
      completed: run.sequential.statuses.filter((s) => s === 'completed').length,
      totalP50Ms: round(quantile(run.sequential.totalMs, 0.5)),
      overheadP50Ms: round(quantile(overhead, 0.5)),
      overheadP95Ms: round(quantile(overhead, 0.95)),
      ratioToDirectGit: round(quantile(run.sequential.totalMs, 0.5) / direct, 1),
    },
    burst: {
      ...run.burst,
      seconds: round(run.burst.seconds, 1),
      tasksPerSecond: round(run.burst.tasksPerSecond, 2),
      postP50Ms: round(run.burst.postP50Ms, 1),
      postP95Ms: round(run.burst.postP95Ms, 1),
      cpuSecondsPerTask: round(run.burst.cpuSecondsPerTask, 2),
      cpuSecondsPerTaskBy: Object.fromEntries(Object.entries(run.burst.cpuSecondsPerTaskBy).map(([name, s]) => [name, round(s, 3)])),
    },
    history: { tasks: run.historyTasks, eventsPerTask: round(events / run.historyTasks, 1), byType: run.history },
    'resume-after-kill': { ...run.resume, killToAgentMs: round(run.resume.killToAgentMs), killToCompletedMs: round(run.resume.killToCompletedMs) },
    list: { seededTasks: run.seededTasks, empty: list(run.listEmpty), seeded: list(run.listSeeded), seededShareOfEmpty: round(run.listSeeded.requestsPerSecond / run.listEmpty.requestsPerSecond, 2) },
  };
}

/** One JSON object per scenario, in the order they ran. Pure. */
export function taskBenchLines(run: TaskBenchRun): Record<string, unknown>[] {
  return Object.entries(summarizeTaskBench(run)).map(([scenario, figures]) => ({ scenario, ...figures }));
}

/** The issue's table: each measure, what this run got and the target. Pure. */
export function formatTaskBench(run: TaskBenchRun): string {
  const { 'direct-git': direct, sequential, burst, history, 'resume-after-kill': resume, list } = summarizeTaskBench(run);
  const rows: [string, string, string][] = [
    ['POST → completed minus the agent (p50 / p95 of sequential tasks)', `${sequential.overheadP50Ms} / ${sequential.overheadP95Ms} ms`, '≤ 300 ms'],
    [`ratio to the same git work done directly (${direct.p50Ms} ms)`, `${sequential.ratioToDirectGit}`, '≤ 2.5'],
    [`${burst.tasks} tasks at once: tasks per second to all completed (lost)`, `${burst.tasksPerSecond} (${burst.lost} lost)`, '≥ 10, none lost'],
    [
      `CPU seconds per task, all processes (${Object.entries(burst.cpuSecondsPerTaskBy)
        .map(([name, s]) => `${name} ${s}`)
        .join(', ')})`,
      `${burst.cpuSecondsPerTask}`,
      '≤ 0.3',
    ],
    ['POST /api/tasks p50 / p95 during the burst', `${burst.postP50Ms} / ${burst.postP95Ms} ms`, '≤ 20 ms'],
    ["history events per task (all of a task's workflows)", `${history.eventsPerTask}`, '≤ 60'],
    ['SIGKILL of the worker mid-agent → agent running again', `${resume.killToAgentMs} ms`, '≤ 10 s'],
    [
      `GET /api/tasks?limit=50, ${list.seededTasks} tasks, 10 connections: req/s (share of empty), p99`,
      `${list.seeded.requestsPerSecond} (${list.seededShareOfEmpty}), ${list.seeded.p99Ms} ms`,
      '≥ 30%, ≤ 10 ms',
    ],
  ];
  return ['| measure | this run | target |', '| --- | --- | --- |', ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}
