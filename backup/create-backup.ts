import fs from 'node:fs';
import path from 'node:path';
import { dataPaths } from '../config/paths.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../config/private-files.js';
import { buildInfo } from '../config/version.js';
import { BackupError } from './backup-error.js';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, MANIFEST_NAME, type BackupFileEntry, type BackupManifest, type DatabaseName } from './backup-manifest.js';
import { pruneBackups } from './prune-backups.js';
import { readSchemaVersion, snapshotDatabase } from './sqlite-snapshot.js';
import { writeBackupArchive } from './write-backup-archive.js';

/** Where and when `createBackup` writes, and whether it prunes. */
export interface CreateBackupOptions {
  /** Folder the backup goes to (default `<home>/backups`); retention applies there. */
  targetDir?: string | undefined;
  /** The backup's time (its name, the manifest, retention); default now. */
  now?: Date | undefined;
  /** Apply retention after writing (default true). */
  prune?: boolean | undefined;
}

/** What `createBackup` made. */
export interface BackupResult {
  /** Absolute path of the backup file. */
  file: string;
  /** Size of the backup file (compressed), bytes. */
  size: number;
  createdAt: string;
  schemaVersion: number | null;
  /** The database copies in it, with their uncompressed sizes. */
  databases: BackupFileEntry[];
  /** Names of older backups retention removed from the folder. */
  removed: string[];
}

/**
 * Backs up the data dir `home` while Ringmaster may be running: a consistent copy of ringmaster.db
 * and (when it exists) temporal.db, each made with SQLite's online backup API and passing
 * `PRAGMA integrity_check`, with a manifest, in one gzip'ed tar (mode 0600) in the target folder;
 * then applies retention there. Throws BackupError `no_database` when there is no ringmaster.db and
 * `damaged` when a database cannot be copied or its copy fails the check (nothing is written then).
 */
export async function createBackup(home: string, options: CreateBackupOptions = {}): Promise<BackupResult> {
  const paths = dataPaths(path.resolve(home));
  const targetDir = path.resolve(options.targetDir ?? paths.backups);
  const now = options.now ?? new Date();
  if (!fs.existsSync(paths.database)) {
    throw new BackupError('no_database', `${paths.database} does not exist: nothing to back up (is ${paths.home} the data dir?)`, paths.database);
  }
  ensurePrivateDir(targetDir);
  const staging = fs.mkdtempSync(path.join(targetDir, '.staging-'));
  try {
    // Temporal's history first: a projection slightly ahead of it is what an activity retry meets
    // anyway (the record activities are idempotent); one behind it would miss rows for good.
    const sources: [DatabaseName, string][] = [
      ...(fs.existsSync(paths.temporalDatabase) ? [['temporal.db', paths.temporalDatabase] as [DatabaseName, string]] : []),
      ['ringmaster.db', paths.database],
    ];
    const databases: BackupFileEntry[] = [];
    for (const [name, source] of sources) {
      const { size, sha256 } = await snapshotDatabase(source, path.join(staging, name));
      databases.push({ name, size, sha256 });
    }
    databases.reverse();
    const { version, commit } = buildInfo();
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      ringmasterVersion: version,
      ringmasterCommit: commit,
      createdAt: now.toISOString(),
      schemaVersion: readSchemaVersion(path.join(staging, 'ringmaster.db')),
      files: databases,
    };
    fs.writeFileSync(path.join(staging, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`, { mode: PRIVATE_FILE_MODE });
    const file = await writeBackupArchive(staging, [MANIFEST_NAME, ...databases.map(({ name }) => name)], targetDir, now);
    // Protected: with the clock set back, the new backup need not be the newest of its hour.
    const removed = options.prune === false ? [] : pruneBackups(targetDir, now, { protect: [path.basename(file)] });
    return { file, size: fs.statSync(file).size, createdAt: manifest.createdAt, schemaVersion: manifest.schemaVersion, databases, removed };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
