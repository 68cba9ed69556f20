import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { dataPaths, type DataPaths } from '../config/paths.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../config/private-files.js';
import { secretKeyFile } from '../secrets/secret-key.js';
import { loadMigrations } from '../store/migrate.js';
import { BackupError } from './backup-error.js';
import type { BackupFileEntry, BackupManifest } from './backup-manifest.js';
import { checkDatabaseIntegrity } from './check-database.js';
import { createBackup } from './create-backup.js';
import { assertDatabasesIdle, assertNoSupervisor, SIDE_FILE_SUFFIXES } from './data-dir-in-use.js';
import { keepDamagedDatabases } from './keep-damaged-databases.js';
import { extractBackup } from './read-backup-archive.js';

/** What `restoreBackup` did. */
export interface RestoreResult {
  /** The backup restored (absolute path). */
  file: string;
  home: string;
  /** When the backup was made, by which Ringmaster, at which schema version. */
  createdAt: string;
  ringmasterVersion: string;
  schemaVersion: number | null;
  /** The databases now in the data dir. */
  restored: BackupFileEntry[];
  /**
   * The backup of what was replaced (in `<home>/backups`), or the folder holding plain copies of
   * databases too damaged to back up; absent when the data dir had no ringmaster.db.
   */
  safetyBackup?: string;
  /** Things the person should know (e.g. secrets that need the original data dir's key). */
  warnings: string[];
}

function assertSchemaKnown(file: string, manifest: BackupManifest): void {
  const known = Math.max(0, ...loadMigrations().map(({ version }) => version));
  if (manifest.schemaVersion !== null && manifest.schemaVersion > known) {
    throw new BackupError(
      'unsupported',
      `${file} holds a database at schema version ${manifest.schemaVersion}, newer than this Ringmaster knows (${known}): restore it with Ringmaster ${manifest.ringmasterVersion} or newer`,
      file,
    );
  }
}

// The backup of what a restore replaces; when those files are too damaged for the backup API,
// plain copies of them instead (they are what a person may still want to rescue).
async function saveReplaced(paths: DataPaths, now: Date): Promise<string | undefined> {
  if (!fs.existsSync(paths.database)) return undefined;
  try {
    // No retention here: it could delete the very backup being restored.
    return (await createBackup(paths.home, { now, prune: false })).file;
  } catch (err) {
    if (!(err instanceof BackupError) || err.reason !== 'damaged') throw err;
    return keepDamagedDatabases(paths, now);
  }
}

function countSecrets(file: string): number {
  // Read-write: a read-only connection would leave the -wal and -shm of a WAL database behind.
  const db = new Database(file, { fileMustExist: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'secrets'").get();
    return table ? (db.prepare('SELECT count(*) AS n FROM secrets').get() as { n: number }).n : 0;
  } finally {
    db.close();
  }
}

function moveIntoPlace(staging: string, paths: DataPaths, entries: readonly BackupFileEntry[]): void {
  for (const { name } of entries) {
    const target = path.join(paths.home, name);
    // A stale WAL or journal of the replaced file would be applied to the restored one.
    for (const suffix of SIDE_FILE_SUFFIXES) fs.rmSync(`${target}${suffix}`, { force: true });
    fs.renameSync(path.join(staging, name), target);
    fs.chmodSync(target, PRIVATE_FILE_MODE);
  }
  const fd = fs.openSync(paths.home, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Restores the backup `file` into the data dir `home` (made, private, when missing): verifies the
 * whole backup in a private folder first (manifest, SHA-256, `integrity_check`), refuses while
 * Ringmaster or any process uses the databases, backs up what it replaces into `<home>/backups`,
 * moves the verified files into place (dropping the replaced files' stale -wal/-shm/-journal) and
 * checks them again. Throws BackupError (`not_found`, `not_a_backup`, `unsupported`, `damaged`,
 * `in_use`) with a message naming what is wrong; the data dir is unchanged unless the last check fails.
 */
export async function restoreBackup(file: string, home: string, options: { now?: Date } = {}): Promise<RestoreResult> {
  const source = path.resolve(file);
  const paths = dataPaths(path.resolve(home));
  assertNoSupervisor(paths);
  const homeExisted = fs.existsSync(paths.home);
  ensurePrivateDir(paths.home);
  const staging = fs.mkdtempSync(path.join(paths.home, '.restore-'));
  let movedIn = false;
  try {
    const manifest = await extractBackup(source, staging);
    assertSchemaKnown(source, manifest);
    assertDatabasesIdle(paths);
    const safetyBackup = await saveReplaced(paths, options.now ?? new Date());
    // Again: the safety backup of a big database takes a while, and someone may have started.
    assertDatabasesIdle(paths);
    moveIntoPlace(staging, paths, manifest.files);
    movedIn = true;
    for (const { name } of manifest.files) {
      const health = checkDatabaseIntegrity(path.join(paths.home, name));
      if (!health.ok) {
        throw new BackupError(
          'damaged',
          `the restored ${name} fails its integrity check (${health.detail})${safetyBackup ? `; what it replaced is in ${safetyBackup}` : ''}`,
          path.join(paths.home, name),
        );
      }
    }
    const warnings: string[] = [];
    if (!manifest.files.some(({ name }) => name === 'temporal.db') && fs.existsSync(paths.temporalDatabase)) {
      warnings.push(`the backup holds no temporal.db (made with an external Temporal cluster?): ${paths.temporalDatabase} was left as it was`);
    }
    const secrets = countSecrets(paths.database);
    if (secrets > 0 && !fs.existsSync(secretKeyFile(paths.home))) {
      warnings.push(
        `the restored database holds ${secrets} sealed secret(s); they can be read only with the secret-key of the data dir the backup came from (backups never hold it): copy that file to ${secretKeyFile(paths.home)}`,
      );
    }
    return {
      file: source,
      home: paths.home,
      createdAt: manifest.createdAt,
      ringmasterVersion: manifest.ringmasterVersion,
      schemaVersion: manifest.schemaVersion,
      restored: manifest.files,
      ...(safetyBackup ? { safetyBackup } : {}),
      warnings,
    };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    if (!homeExisted && !movedIn) {
      try {
        fs.rmdirSync(paths.home);
      } catch {
        // Not empty: something else was put there meanwhile.
      }
    }
  }
}
