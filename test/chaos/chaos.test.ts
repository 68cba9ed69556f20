import { describe, expect, it } from '@jest/globals';
import { buildChaosReport, formatChaosReport } from '../../bench/chaos/format-chaos-report.js';
import { runChaos } from '../../bench/chaos/run-chaos.js';
import { parseSeed } from '../../bench/chaos/seeded-random.js';
import { testRunEnv } from '../support/test-env.js';

// `npm run bench:chaos`, small: a real `ringmaster up` (compiled CLI, its own dev server), six
// tasks over three projects (one asks a question, one fails its tests once), and one SIGKILL each
// of Temporal, the worker and the API while they run. One seed, so that CI runs the same scenario
// (CHAOS_SEED runs another); `npm run bench:chaos` draws a new one every run.
const SEED = 718331127;

describe('chaos: SIGKILLs of every Ringmaster process while tasks run', () => {
  it('loses nothing: every task ends, merges once, leaves nothing behind, and Temporal agrees', async () => {
    const seed = process.env.CHAOS_SEED ? parseSeed(process.env.CHAOS_SEED) : SEED;
    const lines: string[] = [];
    const run = await runChaos({
      seed,
      size: { tasks: 6, projects: 3, kills: 3, workMs: { min: 3000, max: 8000 }, pauseMs: { min: 500, max: 3000 }, givesUp: false },
      temporalBin: testRunEnv().temporalBin,
      finishTimeoutMs: 60_000,
      // No task changing for this long after the last kill means they are stuck, not slow.
      stallMs: 45_000,
      recoveryLimitMs: 45_000,
      log: (line) => lines.push(line),
    }).finally(() => console.log(lines.join('\n')));
    console.log(formatChaosReport(buildChaosReport(run)));

    expect(run.kills.map((k) => k.target).sort()).toEqual(['api', 'temporal', 'worker']);
    for (const check of run.verdict.checks) expect({ seed, check: check.name, problems: check.problems }).toEqual({ seed, check: check.name, problems: [] });
    expect(run.outcomes.map((o) => o.status)).toEqual(run.outcomes.map(() => 'completed'));
  }, 170_000);
});
