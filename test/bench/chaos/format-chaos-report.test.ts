import { describe, expect, it } from '@jest/globals';
import { planChaos } from '../../../bench/chaos/chaos-plan.js';
import { buildChaosReport, formatChaosReport, spread } from '../../../bench/chaos/format-chaos-report.js';
import type { ChaosRun } from '../../../bench/chaos/run-chaos.js';

const plan = planChaos(7, { tasks: 2, projects: 2, kills: 2, workMs: { min: 1, max: 2 }, pauseMs: { min: 1, max: 2 }, givesUp: false });
const outcome = (i: number, status: string) => ({
  task: plan.tasks[i]!,
  id: `id${i}`,
  status,
  step: status,
  iterations: 1,
  worktreeKept: false,
  temporalStatus: 'COMPLETED',
  commitsOnMain: 1,
  fileOnMain: plan.tasks[i]!.content,
});
const run: ChaosRun = {
  plan,
  dir: undefined,
  startupMs: 12_300,
  wallMs: 65_000,
  stopMs: 2100,
  kills: [
    { n: 1, target: 'worker', pid: 11, atMs: 4000, unfinished: 2, newPid: 12, backMs: 9000, progressMs: 21_000 },
    { n: 2, target: 'api', pid: 13, atMs: 30_000, unfinished: 1, newPid: 14, backMs: null, progressMs: null },
  ],
  outcomes: [outcome(0, 'completed'), outcome(1, 'running')],
  verdict: {
    ok: false,
    checks: [
      { name: 'final', ok: false, problems: ['t02 is stuck | at running'] },
      { name: 'merged-once', ok: true, problems: [] },
    ],
  },
};

describe('spread', () => {
  it('gives the median and maximum of the known durations', () => {
    expect(spread([3, null, 1, 2])).toEqual({ medianMs: 2, maxMs: 3, count: 3 });
    expect(spread([null])).toEqual({ medianMs: null, maxMs: null, count: 0 });
  });
});

describe('buildChaosReport and formatChaosReport', () => {
  it('counts tasks by status and kills by target, with the recovery spreads', () => {
    const report = buildChaosReport(run);
    expect(report).toMatchObject({
      seed: 7,
      tasks: { total: 2, byStatus: { completed: 1, running: 1 }, projects: 2 },
      killsByTarget: { worker: 1, api: 1 },
      recovery: { back: { medianMs: 9000, maxMs: 9000, count: 1 }, progress: { medianMs: 21_000, count: 1 } },
      dir: null,
    });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('prints the replay command, one row per kill, the totals and each check', () => {
    const text = formatChaosReport(buildChaosReport(run));
    expect(text).toContain('seed 7 (replay: `npm run bench:chaos -- --seed 7`)');
    expect(text).toContain('| 1 | 4.0 s | worker | 11 | 2 | 9.0 s | 21.0 s |');
    expect(text).toContain('| 2 | 30.0 s | api | 13 | 1 | — | — |');
    expect(text).toContain('| 2 (2) | 1 | 0 | 0 | 0 | 1 running | 2 (0 / 1 / 1) | 9.0 s / 9.0 s | 21.0 s / 21.0 s | 65.0 s | 12.3 s / 2.1 s |');
    expect(text).toContain('| final | FAILED: t02 is stuck \\| at running |');
    expect(text).toContain('| merged-once | ok |');
  });
});
