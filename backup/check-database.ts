import { shellWord } from '../process/show-command.js';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

/** What a database check found: `ok`, or the first problems SQLite reported. */
export type DatabaseHealth = { ok: true } | { ok: false; detail: string };

/** Most problem lines of a check repeated in `detail` (SQLite reports up to 100). */
const MAX_DETAIL_LINES = 3;

function runCheck(file: string, pragma: 'quick_check' | 'integrity_check'): DatabaseHealth {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const lines = (db.pragma(pragma) as Record<string, unknown>[]).map((row) => String(Object.values(row)[0]));
    if (lines.length === 1 && lines[0] === 'ok') return { ok: true };
    const shown = lines.slice(0, MAX_DETAIL_LINES).join('; ');
    return { ok: false, detail: lines.length > MAX_DETAIL_LINES ? `${shown}; … (${lines.length} problems)` : shown };
  } catch (err) {
    // SQLITE_NOTADB, SQLITE_CORRUPT, a file we cannot open: the message says which.
    return { ok: false, detail: (err as Error).message };
  } finally {
    db?.close();
  }
}

/**
 * Runs `PRAGMA quick_check` on the SQLite database `file` (fast enough for every start). A missing
 * file is healthy: Ringmaster creates it. Returns `{ ok: false, detail }` for a damaged or foreign
 * file, never throws.
 */
export function checkDatabaseHealth(file: string): DatabaseHealth {
  if (!fs.existsSync(file)) return { ok: true };
  return runCheck(file, 'quick_check');
}

/** Runs the full `PRAGMA integrity_check` on the existing database `file`; never throws (a missing file is not ok). */
export function checkDatabaseIntegrity(file: string): DatabaseHealth {
  return runCheck(file, 'integrity_check');
}

// A path the user can paste into a shell as it is.
/**
 * The message `up` prints when it refuses to start on a damaged database: what is wrong and the
 * `ringmaster restore` command for the newest backup, or what to do when there is none. Pure.
 */
export function damagedDatabaseMessage(input: { file: string; detail: string; home: string; newestBackup?: string | undefined }): string {
  const what = `${input.file} is damaged (${input.detail}), so Ringmaster will not start on it.`;
  if (input.newestBackup) {
    return `${what} Restore the newest backup with: ringmaster restore ${shellWord(input.newestBackup)} --home ${shellWord(input.home)} (the damaged file is kept in ${shellWord(path.join(input.home, 'backups'))})`;
  }
  return `${what} There is no backup in ${shellWord(path.join(input.home, 'backups'))} to restore: move the file aside to start with an empty database, or rescue what is left with the sqlite3 shell's .recover command.`;
}
