import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { DataPaths } from '../config/paths.js';
import { createRunStateFile, isAlive } from '../process/run-state.js';
import { BackupError } from './backup-error.js';
import { findFileHolders } from './open-file-holders.js';

/** The files SQLite keeps next to a database (WAL mode, rollback journal). */
export const SIDE_FILE_SUFFIXES = ['-wal', '-shm', '-journal'] as const;

/** Returns the pid of the live supervisor recorded in the data dir's run state, or undefined. */
export function liveSupervisorPid(paths: DataPaths): number | undefined {
  const state = createRunStateFile(paths.run).read();
  return state && Number.isInteger(state.pid) && state.pid > 0 && isAlive(state.pid) ? state.pid : undefined;
}

/** Throws BackupError `in_use` when a live `ringmaster up` is recorded in `<home>/run/supervisor.json`. */
export function assertNoSupervisor(paths: DataPaths): void {
  const pid = liveSupervisorPid(paths);
  if (pid !== undefined) {
    throw new BackupError('in_use', `Ringmaster is running on ${paths.home} (supervisor pid ${pid}): stop \`ringmaster up\` first, then restore`, paths.home);
  }
}

/**
 * Returns true while another SQLite connection has the database `file` open (in WAL mode even an
 * idle one; in rollback-journal mode only one inside a transaction). False for a file SQLite
 * cannot read (a damaged database is what a restore replaces). Never throws.
 */
export function heldByAnotherConnection(file: string): boolean {
  // With locking_mode EXCLUSIVE the first read needs the file to itself, which fails while any
  // other WAL connection has it open; a bare BEGIN EXCLUSIVE would only see writers.
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true });
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    db.exec('ROLLBACK');
    return false;
  } catch (err) {
    // SQLITE_NOTADB or SQLITE_CORRUPT: a damaged file is what a restore replaces, not a refusal.
    return (err as { code?: string }).code === 'SQLITE_BUSY' || (err as { code?: string }).code === 'SQLITE_LOCKED';
  } finally {
    db?.close();
  }
}

/**
 * Throws BackupError `in_use` unless the data dir's databases are free to replace: no live
 * supervisor, no process with a database file open (Linux), and every database lockable for
 * exclusive use (a worker or API started without `up` holds ringmaster.db too).
 */
export function assertDatabasesIdle(paths: DataPaths): void {
  assertNoSupervisor(paths);
  const databases = [paths.database, paths.temporalDatabase].filter((file) => fs.existsSync(file));
  const holders = findFileHolders(databases.flatMap((file) => [file, ...SIDE_FILE_SUFFIXES.map((suffix) => `${file}${suffix}`)]));
  if (holders.length > 0) {
    const list = [...new Set(holders.map(({ pid, command, file }) => `${path.basename(file)} by pid ${pid} (${command})`))].join(', ');
    throw new BackupError(
      'in_use',
      `the databases of ${paths.home} are open (${list}): stop Ringmaster's processes (\`ringmaster up\`, a worker or API, a Temporal dev server) first, then restore`,
      paths.home,
    );
  }
  for (const file of databases) {
    if (heldByAnotherConnection(file)) {
      throw new BackupError('in_use', `${file} is in use by another connection (a Ringmaster worker or API started without \`up\`?): stop it first, then restore`, file);
    }
  }
}
