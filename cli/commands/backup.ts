import type { Command } from 'commander';
import path from 'node:path';
import type { BackupResult } from '../../backup/create-backup.js';
import type { BackupListing } from '../../backup/list-backups.js';
import type { RestoreResult } from '../../backup/restore-backup.js';
import { dataPaths } from '../../config/paths.js';
import type { SettingsFlags } from '../../config/settings.js';
import { renderTable } from '../format/table.js';
import { clientSettingsFrom, withSettingsFlags } from '../settings-flags.js';

interface BackupFlags extends SettingsFlags {
  to?: string;
  json?: boolean;
}

/** `1.5 MB`, `640 B`: sizes for people (powers of 1024). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

const backupDir = (flags: BackupFlags) => path.resolve(flags.to ?? dataPaths(clientSettingsFrom(flags).home).backups);
const databases = (entries: readonly { name: string; size: number }[]) => entries.map(({ name, size }) => `${name} (${formatBytes(size)})`).join(', ');

/** What `ringmaster backup` prints: the file, its size and contents, and what retention removed. */
export function backupText(result: BackupResult, home: string): string {
  const lines = [`Backed up ${home} to ${result.file} (${formatBytes(result.size)})`, `  ${databases(result.databases)}; schema version ${result.schemaVersion ?? 'none'}`];
  if (result.removed.length) lines.push(`Retention removed ${result.removed.length} older backup(s): ${result.removed.join(', ')}`);
  return lines.join('\n');
}

/** The backups of a folder as a table, newest first. */
export function backupsTable(dir: string, backups: readonly BackupListing[]): string {
  if (backups.length === 0) return `No backups in ${dir}.`;
  return renderTable(
    ['NAME', 'CREATED', 'SIZE', 'RINGMASTER', 'SCHEMA', 'DATABASES'],
    backups.map(({ name, time, size, manifest, problem }) => [
      name,
      time.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z'),
      formatBytes(size),
      manifest?.ringmasterVersion ?? '-',
      manifest ? String(manifest.schemaVersion ?? '-') : '-',
      manifest ? manifest.files.map((file) => file.name).join(',') : `unreadable: ${problem ?? 'unknown'}`,
    ]),
    80,
  );
}

/** What `ringmaster restore` prints: what it verified, kept and restored. */
export function restoreText(result: RestoreResult): string {
  return [
    `Verified ${result.file} (made ${result.createdAt} by Ringmaster ${result.ringmasterVersion}, schema version ${result.schemaVersion ?? 'none'})`,
    result.safetyBackup ? `Saved what it replaces in ${result.safetyBackup}` : `Nothing to save first: ${result.home} had no ringmaster.db`,
    `Restored ${databases(result.restored)} into ${result.home}`,
    ...result.warnings.map((warning) => `warning: ${warning}`),
  ].join('\n');
}

/**
 * `ringmaster backup [ls]` and `ringmaster restore <file>`: work on the local data dir's files
 * directly (not through the API), so they also serve when Ringmaster cannot start.
 */
export function registerBackupCommands(program: Command): void {
  const backup = withSettingsFlags(program.command('backup'), 'home')
    .description("back up the data dir's databases into one file, online (Ringmaster may run); keeps hourly backups 7 days, daily 30 days; `backup ls` lists them")
    .option('--to <dir>', 'folder of the backups (default $RINGMASTER_HOME/backups); retention applies there')
    .option('--json', 'print the result as JSON')
    // `backup ls --to x` is ls's --to, not backup's.
    .enablePositionalOptions()
    .action(async (flags: BackupFlags) => {
      const { createBackup } = await import('../../backup/create-backup.js');
      const { home } = clientSettingsFrom(flags);
      const result = await createBackup(home, { targetDir: backupDir(flags) });
      console.log(flags.json ? JSON.stringify(result, null, 2) : backupText(result, path.resolve(home)));
    });

  withSettingsFlags(backup.command('ls'), 'home')
    .description('list the backups, newest first: time, size, the Ringmaster version and schema version that made them')
    .option('--to <dir>', 'folder of the backups (default $RINGMASTER_HOME/backups)')
    .option('--json', 'print JSON instead of a table')
    .action(async (_flags: BackupFlags, command: Command) => {
      // `backup --home x ls` too: the parent's flags, then ls's own.
      const flags = command.optsWithGlobals<BackupFlags>();
      const { listBackups } = await import('../../backup/list-backups.js');
      const dir = backupDir(flags);
      const backups = await listBackups(dir);
      console.log(flags.json ? JSON.stringify(backups, null, 2) : backupsTable(dir, backups));
    });

  withSettingsFlags(program.command('restore <file>'), 'home')
    .description("replace the data dir's databases with a backup (verified first; what it replaces is backed up first); refuses while Ringmaster runs")
    .option('--json', 'print the result as JSON')
    .action(async (file: string, flags: BackupFlags) => {
      const { restoreBackup } = await import('../../backup/restore-backup.js');
      const result = await restoreBackup(file, clientSettingsFrom(flags).home);
      console.log(flags.json ? JSON.stringify(result, null, 2) : restoreText(result));
    });
}
