import fs from 'node:fs';
import path from 'node:path';
import { BackupError } from './backup-error.js';
import type { BackupManifest } from './backup-manifest.js';
import { newestFirst, parseBackupFileName, type ParsedBackupName } from './backup-names.js';
import { readBackupManifest } from './read-backup-archive.js';

/** One backup file of a folder, as `backup ls` shows it. */
export interface BackupListing {
  name: string;
  /** Absolute path. */
  file: string;
  /** The time in its name (ISO). */
  time: string;
  /** Bytes on disk (compressed). */
  size: number;
  /** What its manifest says; absent when it cannot be read (`problem` says why). */
  manifest?: BackupManifest;
  problem?: string;
}

/**
 * Returns the backups in `dir`, newest first: every file whose name parses as a backup, with its
 * size and what its manifest says (read without decompressing the rest, so a damaged body shows
 * only at restore). An unreadable manifest is reported in `problem`, not thrown; a missing folder
 * has no backups. Throws what the filesystem throws for an unreadable folder.
 */
export async function listBackups(dir: string): Promise<BackupListing[]> {
  const folder = path.resolve(dir);
  if (!fs.existsSync(folder)) return [];
  const backups = fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => parseBackupFileName(entry.name))
    .filter((parsed): parsed is ParsedBackupName => parsed !== undefined)
    .sort(newestFirst);
  const listings: BackupListing[] = [];
  for (const { name, time } of backups) {
    const file = path.join(folder, name);
    const listing: BackupListing = { name, file, time: time.toISOString(), size: fs.statSync(file).size };
    try {
      listing.manifest = await readBackupManifest(file);
    } catch (err) {
      if (!(err instanceof BackupError)) throw err;
      listing.problem = err.message;
    }
    listings.push(listing);
  }
  return listings;
}

/** Returns the path of the newest backup in `dir`, or undefined when it has none (names only: nothing is opened). */
export function newestBackup(dir: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const [newest] = fs
    .readdirSync(dir)
    .map(parseBackupFileName)
    .filter((parsed): parsed is ParsedBackupName => parsed !== undefined)
    .sort(newestFirst);
  return newest ? path.join(path.resolve(dir), newest.name) : undefined;
}
