import type { Command } from 'commander';
import type { Static } from 'typebox';
import type { StatsByAgent, StatsByModel, StatsByProject, StatsSummary } from '../../api/schemas/metrics-schemas.js';
import { STATS_GROUPS, type StatsGroup } from '../../model/task-stats.js';
import { UsageError } from '../cli-error.js';
import { clientFrom, withClientFlags, type ClientFlags } from '../client/client-from-flags.js';
import { renderTable } from '../format/table.js';

type Stats = Omit<Static<typeof StatsSummary>, 'since' | 'until' | 'project'>;

const percent = (rate: number | null) => (rate === null ? '-' : `${Math.round(rate * 100)}%`);
const seconds = (value: number | null) => (value === null ? '-' : value < 120 ? `${value.toFixed(1)}s` : value < 7200 ? `${(value / 60).toFixed(1)}m` : `${(value / 3600).toFixed(1)}h`);
const count = (value: number) => value.toLocaleString('en-US');

/** Statistics as a table: one line for the whole window, or one per project, agent or model. */
export function statsTable(rows: readonly (Stats & { name?: string })[], by: StatsGroup | undefined): string {
  const header = [...(by ? [by.toUpperCase()] : []), 'TASKS', 'ENDED', 'SUCCESS', 'MEAN ITER', 'P50', 'P95', 'TOKENS IN', 'TOKENS OUT', 'COST'];
  if (rows.length === 0) return 'No tasks in that window.';
  return renderTable(
    header,
    rows.map((r) => [
      ...(by ? [r.name ?? '-'] : []),
      String(r.tasks),
      String(r.ended),
      percent(r.successRate),
      r.meanIterations === null ? '-' : r.meanIterations.toFixed(1),
      seconds(r.durationSeconds.p50),
      seconds(r.durationSeconds.p95),
      count(r.tokensIn),
      count(r.tokensOut),
      `$${r.costUsd.toFixed(2)}`,
    ]),
    80,
  );
}

/** `ringmaster stats`: what the tasks filed in a window did, through the API. */
export function registerStatsCommand(program: Command): void {
  withClientFlags(program.command('stats'))
    .description('tasks, success rate, mean iterations, p50/p95 duration, tokens and cost of the tasks filed in a window')
    .option('--since <when>', 'from: an ISO date or date-time, or a span back from now (30m, 24h, 7d, 2w)', '7d')
    .option('--until <when>', 'before (default now)')
    .option('--project <project>', 'only this project')
    .option('--by <group>', `one line per ${STATS_GROUPS.join(' or ')}`)
    .action(async (flags: ClientFlags & { since: string; until?: string; project?: string; by?: string }) => {
      if (flags.by !== undefined && !(STATS_GROUPS as readonly string[]).includes(flags.by)) throw new UsageError(`--by must be one of ${STATS_GROUPS.join(', ')}, got "${flags.by}"`);
      const by = flags.by as StatsGroup | undefined;
      const query = new URLSearchParams({ since: flags.since, ...(flags.until ? { until: flags.until } : {}), ...(flags.project ? { project: flags.project } : {}) });
      const client = clientFrom(flags);
      if (!by) {
        const summary = await client.get<Static<typeof StatsSummary>>(`/api/metrics/summary?${query.toString()}`);
        if (flags.json) return console.log(JSON.stringify(summary, null, 2));
        return console.log(`Tasks filed ${summary.since} – ${summary.until}${summary.project ? ` in ${summary.project}` : ''}\n${statsTable(summary.tasks ? [summary] : [], undefined)}`);
      }
      const grouped = await client.get<Static<typeof StatsByProject> | Static<typeof StatsByAgent> | Static<typeof StatsByModel>>(`/api/metrics/by-${by}?${query.toString()}`);
      if (flags.json) return console.log(JSON.stringify(grouped, null, 2));
      const rows = grouped.items.map((item) => ({ ...item, name: 'project' in item ? item.project : 'agent' in item ? item.agent : item.model }));
      console.log(`Tasks filed ${grouped.since} – ${grouped.until}${grouped.project ? ` in ${grouped.project}` : ''}\n${statsTable(rows, by)}`);
    });
}
