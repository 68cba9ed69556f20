import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../config/private-files.js';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the SQLite database at `file` with the settings every Ringmaster
 * process relies on: WAL so the API reads while the worker writes, foreign keys enforced, and a
 * busy timeout so concurrent writers wait instead of failing with SQLITE_BUSY.
 */
export function openDatabase(file: string, options: { busyTimeoutMs?: number } = {}): Db {
  if (file !== ':memory:') {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
    // SQLite gives its -wal and -shm files the database file's mode: create it private first.
    fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  // NORMAL is durable in WAL mode except for the last transactions on power loss, never corrupts.
  db.pragma('synchronous = NORMAL');
  return db;
}
