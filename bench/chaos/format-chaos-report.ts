import { FINAL_STATUSES } from '../../model/task-status.js';
import { CHAOS_TARGETS } from './chaos-plan.js';
import type { KillRecord } from './inflict-kills.js';
import type { ChaosVerdict } from './judge-chaos.js';
import type { ChaosRun } from './run-chaos.js';

/** Median and maximum of some durations (ms); null when there were none. */
export interface Spread {
  medianMs: number | null;
  maxMs: number | null;
  count: number;
}

/** The figures of a chaos run, as the benchmark prints them in JSON. */
export interface ChaosReport {
  seed: number;
  tasks: { total: number; byStatus: Record<string, number>; projects: number };
  kills: KillRecord[];
  killsByTarget: Record<string, number>;
  /** Kill → system back; kill → a task progressed. */
  recovery: { back: Spread; progress: Spread };
  startupMs: number;
  wallMs: number;
  stopMs: number;
  verdict: ChaosVerdict;
  /** The run's temp dir, when it was kept. */
  dir: string | null;
}

/** Median (upper middle) and maximum of `values`. Pure. */
export function spread(values: readonly (number | null)[]): Spread {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  return { medianMs: known.length ? known[Math.floor(known.length / 2)]! : null, maxMs: known.length ? known[known.length - 1]! : null, count: known.length };
}

const countBy = (values: readonly string[]): Record<string, number> => values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});

/** The report of a chaos run. Pure. */
export function buildChaosReport(run: ChaosRun): ChaosReport {
  return {
    seed: run.plan.seed,
    tasks: { total: run.outcomes.length, byStatus: countBy(run.outcomes.map((o) => o.status)), projects: run.plan.projects.length },
    kills: run.kills,
    killsByTarget: countBy(run.kills.map((k) => k.target)),
    recovery: { back: spread(run.kills.map((k) => k.backMs)), progress: spread(run.kills.map((k) => k.progressMs)) },
    startupMs: run.startupMs,
    wallMs: run.wallMs,
    stopMs: run.stopMs,
    verdict: run.verdict,
    dir: run.dir ?? null,
  };
}

const secs = (ms: number | null): string => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);
const pair = (s: Spread): string => `${secs(s.medianMs)} / ${secs(s.maxMs)}`;

/** The report as Markdown: the kills, the totals and the verdict of each check. Pure. */
export function formatChaosReport(report: ChaosReport): string {
  const statuses: readonly string[] = FINAL_STATUSES;
  const other = Object.entries(report.tasks.byStatus).filter(([status]) => !statuses.includes(status));
  const lines = [
    `seed ${report.seed} (replay: \`npm run bench:chaos -- --seed ${report.seed}\`)`,
    '',
    '| # | at | killed | pid | tasks unfinished | back after | a task progressed after |',
    '|---|---|---|---|---|---|---|',
    ...report.kills.map((k) => `| ${k.n} | ${secs(k.atMs)} | ${k.target} | ${k.pid} | ${k.unfinished} | ${secs(k.backMs)} | ${secs(k.progressMs)} |`),
    '',
    '| tasks (projects) | completed | failed | cancelled | conflict | not final | kills (temporal / worker / api) | back, median / max | progress, median / max | wall time | up start / stop |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    `| ${report.tasks.total} (${report.tasks.projects}) | ${statuses.map((s) => report.tasks.byStatus[s] ?? 0).join(' | ')} | ${other.length ? other.map(([s, n]) => `${n} ${s}`).join(', ') : 0} ` +
      `| ${report.kills.length} (${CHAOS_TARGETS.map((t) => report.killsByTarget[t] ?? 0).join(' / ')}) | ${pair(report.recovery.back)} | ${pair(report.recovery.progress)} ` +
      `| ${secs(report.wallMs)} | ${secs(report.startupMs)} / ${secs(report.stopMs)} |`,
    '',
    '| check | verdict |',
    '|---|---|',
    ...report.verdict.checks.map((c) => `| ${c.name} | ${c.ok ? 'ok' : `FAILED: ${c.problems.join('; ').replaceAll('|', '\\|')}`} |`),
  ];
  if (report.dir) lines.push('', `run dir kept: ${report.dir}`);
  return lines.join('\n');
}
