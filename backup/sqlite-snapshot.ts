import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PRIVATE_FILE_MODE } from '../config/private-files.js';
import { BackupError } from './backup-error.js';
import { checkDatabaseIntegrity } from './check-database.js';

/** Returns the SHA-256 (hex) of a file's content, read in chunks. */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Returns MAX(version) of `schema_migrations` in the database `file`, or null when it has no such
 * table (a database never migrated). Throws what SQLite throws for an unreadable file.
 */
export function readSchemaVersion(file: string): number | null {
  // Read-write: a read-only connection would leave the -wal and -shm of a WAL database behind.
  const db = new Database(file, { fileMustExist: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
    if (!table) return null;
    return (db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null }).version;
  } finally {
    db.close();
  }
}

/** A checked copy of one database. */
export interface DatabaseSnapshot {
  file: string;
  size: number;
  sha256: string;
}

/**
 * Copies the live SQLite database `source` to `dest` (which must not exist) with SQLite's online
 * backup API, so the copy is consistent while other processes write, then checks the copy with
 * `PRAGMA integrity_check`. Throws BackupError `damaged` when the source cannot be read as a
 * database or the copy fails its check.
 */
export async function snapshotDatabase(source: string, dest: string): Promise<DatabaseSnapshot> {
  const name = path.basename(source);
  let db: Database.Database | undefined;
  try {
    // Read-write, though it only reads: a read-only connection cannot roll back a hot journal a
    // crash left, and would leave a -wal and -shm behind next to an idle WAL database.
    db = new Database(source, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    fs.closeSync(fs.openSync(dest, 'wx', PRIVATE_FILE_MODE));
    // All pages in one step, under one read transaction: copied in pieces, a busy writer would
    // restart the copy at every commit and it might never finish.
    await db.backup(dest, { progress: () => 0x7fffffff });
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError('damaged', `${source} cannot be copied: ${(err as Error).message}`, source);
  } finally {
    db?.close();
  }
  const health = checkDatabaseIntegrity(dest);
  if (!health.ok) throw new BackupError('damaged', `${name} fails its integrity check (${health.detail}): not backed up`, source);
  fs.chmodSync(dest, PRIVATE_FILE_MODE);
  return { file: dest, size: fs.statSync(dest).size, sha256: await sha256OfFile(dest) };
}
