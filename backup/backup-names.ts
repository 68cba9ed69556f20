/** Every backup file name starts with this; files without it are never touched. */
export const BACKUP_PREFIX = 'ringmaster-backup-';
/** Every backup file name ends with this. */
export const BACKUP_SUFFIX = '.tar.gz';

// 20261201T224026Z, optionally -2, -3 … for a second backup within the same second.
const NAME = /^ringmaster-backup-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z(?:-([1-9]\d{0,3}))?\.tar\.gz$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Returns `time` as the compact UTC stamp of backup names, to the second: `20261201T224026Z`. */
export function utcStamp(time: Date): string {
  return `${pad(time.getUTCFullYear(), 4)}${pad(time.getUTCMonth() + 1)}${pad(time.getUTCDate())}` + `T${pad(time.getUTCHours())}${pad(time.getUTCMinutes())}${pad(time.getUTCSeconds())}Z`;
}

/**
 * Returns the file name of a backup made at `time` (UTC, to the second), e.g.
 * `ringmaster-backup-20261201T224026Z.tar.gz`; `sequence` > 1 names a second one of the same second.
 */
export function backupFileName(time: Date, sequence = 1): string {
  return `${BACKUP_PREFIX}${utcStamp(time)}${sequence > 1 ? `-${sequence}` : ''}${BACKUP_SUFFIX}`;
}

/** A backup file name read back: when it was made, and its place among those of the same second. */
export interface ParsedBackupName {
  name: string;
  time: Date;
  sequence: number;
}

/** Returns the time a backup file name encodes, or undefined for any other name (not a backup). */
export function parseBackupFileName(name: string): ParsedBackupName | undefined {
  const match = NAME.exec(name);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const time = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 20261332 over into the next year: such a name is not one we wrote.
  if (time.getUTCMonth() !== month - 1 || time.getUTCDate() !== day || time.getUTCHours() !== hour || time.getUTCMinutes() !== minute || time.getUTCSeconds() !== second) {
    return undefined;
  }
  return { name, time, sequence: match[7] ? Number(match[7]) : 1 };
}

/** Orders parsed backups newest first (by time, then by sequence within the same second). */
export function newestFirst(a: ParsedBackupName, b: ParsedBackupName): number {
  return b.time.getTime() - a.time.getTime() || b.sequence - a.sequence;
}
