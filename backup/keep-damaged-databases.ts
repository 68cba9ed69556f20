import fs from 'node:fs';
import path from 'node:path';
import type { DataPaths } from '../config/paths.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../config/private-files.js';
import { utcStamp } from './backup-names.js';
import { SIDE_FILE_SUFFIXES } from './data-dir-in-use.js';

/**
 * Copies the data dir's database files as they are (with their -wal, -shm and -journal) into a new
 * private folder `<home>/backups/ringmaster-damaged-<time>/`, for databases too damaged for the
 * backup API. Returns the folder; throws what the filesystem throws.
 */
export function keepDamagedDatabases(paths: DataPaths, now: Date): string {
  const stamp = utcStamp(now);
  let dir = path.join(paths.backups, `ringmaster-damaged-${stamp}`);
  for (let n = 2; fs.existsSync(dir); n++) dir = path.join(paths.backups, `ringmaster-damaged-${stamp}-${n}`);
  ensurePrivateDir(dir);
  for (const database of [paths.database, paths.temporalDatabase]) {
    for (const file of [database, ...SIDE_FILE_SUFFIXES.map((suffix) => `${database}${suffix}`)]) {
      if (!fs.existsSync(file)) continue;
      const copy = path.join(dir, path.basename(file));
      fs.copyFileSync(file, copy, fs.constants.COPYFILE_EXCL);
      fs.chmodSync(copy, PRIVATE_FILE_MODE);
    }
  }
  return dir;
}
