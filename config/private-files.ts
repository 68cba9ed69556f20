import fs from 'node:fs';
import path from 'node:path';

/** Folders of the data dir: only Ringmaster's own user may list or enter them. */
export const PRIVATE_DIR_MODE = 0o700;
/** Files Ringmaster writes into the data dir (database, logs, token, secrets). */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `dir` (and its missing parents) as a private folder, and tightens it when it exists
 * with wider permissions. Throws when it cannot be created.
 */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const { mode } = fs.statSync(dir);
  if ((mode & 0o077) !== 0) {
    try {
      fs.chmodSync(dir, PRIVATE_DIR_MODE);
    } catch {
      // Not ours to change (a shared folder given as RINGMASTER_HOME): the files in it stay 0600.
    }
  }
}

/** Writes `data` to `file` readable by its owner only, atomically (a reader never sees half a file). */
export function writePrivateFile(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, data, { mode: PRIVATE_FILE_MODE });
  fs.renameSync(tmp, file);
}

/**
 * Creates `file` with `data`, readable by its owner only, unless it exists. Returns false when it
 * existed (two processes racing both end up reading the winner's content).
 */
export function createPrivateFile(file: string, data: string | Uint8Array): boolean {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  try {
    fs.writeFileSync(file, data, { flag: 'wx', mode: PRIVATE_FILE_MODE });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** Narrows an existing file to its owner (files other programs create in the data dir, e.g. Temporal's database). */
export function makeFilePrivate(file: string): void {
  try {
    fs.chmodSync(file, PRIVATE_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
