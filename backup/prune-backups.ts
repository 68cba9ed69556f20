import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_RETENTION, planRetention, type RetentionPolicy } from './backup-retention.js';

/**
 * Deletes the backups of `dir` that retention no longer keeps at `now` (only files whose names
 * parse as backups; anything else in the folder is left alone), never one named in `protect`.
 * Returns the names it removed; throws what the filesystem throws, except for a file someone else
 * removed first.
 */
export function pruneBackups(dir: string, now: Date, options: { protect?: readonly string[]; policy?: RetentionPolicy } = {}): string[] {
  const files = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
  const remove = planRetention(files, now, options.policy ?? DEFAULT_RETENTION).remove.filter((name) => !options.protect?.includes(name));
  for (const name of remove) fs.rmSync(path.join(dir, name), { force: true });
  return remove;
}
