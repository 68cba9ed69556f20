import type { Command } from 'commander';
import type { MaintenanceReport } from '../../model/maintenance.js';
import { clientFrom, withClientFlags, type ClientFlags } from '../client/client-from-flags.js';
import { renderTable } from '../format/table.js';

interface WorktreeJson {
  taskId: string;
  title: string;
  projectName: string;
  hostId: string;
  worktreePath: string;
  status: string;
  kept: boolean;
  pinned: boolean;
  cleanupError: string | null;
  removableAfter: string | null;
}

/** What a maintenance run did, for people. */
export function maintenanceText(report: MaintenanceReport): string {
  const lines = [report.dryRun ? 'Maintenance (dry run: nothing was changed)' : 'Maintenance done'];
  if (report.backup) lines.push(`  backup       ${report.backup.file}${report.backup.removed.length ? ` (retention removed ${report.backup.removed.length})` : ''}`);
  for (const host of report.hosts) {
    lines.push(
      `  host ${host.hostId}: ${host.removedWorktrees.length} worktree(s) ${report.dryRun ? 'to clean up' : 'cleaned up'}, ${host.failedCleanups.length} failed, ${host.rotatedLogs.length} log(s) rotated, ${host.trimmedTaskLogs.length} task log(s) cut, ${host.evictedCacheBytes} cache bytes evicted`,
    );
    for (const removed of host.removedWorktrees) lines.push(`    ${removed.taskId}  ${removed.worktreePath}  ${removed.note}`);
    for (const failed of host.failedCleanups) lines.push(`    ${failed.taskId}  failed: ${failed.error}`);
  }
  if (report.unreachableHosts.length) lines.push(`  not running, left for the next run: ${report.unreachableHosts.join(', ')}`);
  return lines.join('\n');
}

/** `ringmaster maintenance run`, `ringmaster worktree ls|prune` (through the API). */
export function registerMaintenanceCommands(program: Command): void {
  const maintenance = program.command('maintenance').description('what the hourly schedule ringmaster-maintenance does');
  withClientFlags(maintenance.command('run'))
    .description('run maintenance now: backup, worktree cleanup, log rotation, cache eviction')
    .option('--dry-run', 'say what would be done, do nothing')
    .action(async (flags: ClientFlags & { dryRun?: boolean }) => {
      const report = await clientFrom(flags).post<MaintenanceReport>('/api/maintenance', flags.dryRun ? { dryRun: true } : {});
      console.log(flags.json ? JSON.stringify(report, null, 2) : maintenanceText(report));
    });

  const worktree = program.command('worktree').description('the task worktrees Ringmaster holds');
  withClientFlags(worktree.command('ls'))
    .description('list the worktrees of unfinished tasks and the kept ones (unmerged work)')
    .option('--project <project>', 'project id or name')
    .action(async (flags: ClientFlags & { project?: string }) => {
      const query = flags.project ? `?project=${encodeURIComponent(flags.project)}` : '';
      const { items } = await clientFrom(flags).get<{ items: WorktreeJson[] }>(`/api/worktrees${query}`);
      if (flags.json) {
        console.log(JSON.stringify(items, null, 2));
        return;
      }
      if (items.length === 0) {
        console.log('No worktrees held.');
        return;
      }
      console.log(
        renderTable(
          ['TASK', 'PROJECT', 'HOST', 'STATUS', 'KEPT', 'GOES AFTER', 'PATH'],
          items.map((w) => [
            w.taskId,
            w.projectName,
            w.hostId,
            w.cleanupError ? `${w.status} (cleanup failed)` : w.status,
            w.kept ? (w.pinned ? 'pinned' : 'yes') : 'no',
            w.removableAfter ?? '-',
            w.worktreePath,
          ]),
          80,
        ),
      );
    });
  withClientFlags(worktree.command('prune'))
    .description('clean up now the worktrees maintenance would: failed cleanups, kept ones past RINGMASTER_KEEP_WORKTREES_DAYS')
    .option('--dry-run', 'say what would be removed, remove nothing')
    .action(async (flags: ClientFlags & { dryRun?: boolean }) => {
      const report = await clientFrom(flags).post<MaintenanceReport>('/api/worktrees/prune', flags.dryRun ? { dryRun: true } : {});
      console.log(flags.json ? JSON.stringify(report, null, 2) : maintenanceText(report));
    });
}
