import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { create } from 'tar';
import { PRIVATE_FILE_MODE } from '../config/private-files.js';
import { backupFileName } from './backup-names.js';

/** Most backups with the same second in their name before giving up (a clock stuck or a loop). */
const MAX_SEQUENCE = 1000;

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

// Hard-linking never replaces an existing file, so two backups of the same second both survive.
function publish(tmp: string, targetDir: string, time: Date): string {
  for (let sequence = 1; sequence <= MAX_SEQUENCE; sequence++) {
    const final = path.join(targetDir, backupFileName(time, sequence));
    try {
      fs.linkSync(tmp, final);
      fs.rmSync(tmp);
      return final;
    } catch (err) {
      const { code } = err as NodeJS.ErrnoException;
      if (code === 'EEXIST') continue;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw err;
      // A filesystem without hard links: check, then rename.
      if (fs.existsSync(final)) continue;
      fs.renameSync(tmp, final);
      return final;
    }
  }
  throw new Error(`${MAX_SEQUENCE} backups named for ${time.toISOString()} already exist in ${targetDir}`);
}

/**
 * Writes the files `names` of the folder `sourceDir`, in that order, as a gzip'ed tar into
 * `targetDir` under the backup name for `time`: first to a temporary name (mode 0600, flushed to
 * disk), then linked into place, so a backup file is complete or absent. Returns its path; throws
 * what the filesystem throws (the temporary file is removed).
 */
export async function writeBackupArchive(sourceDir: string, names: readonly string[], targetDir: string, time: Date): Promise<string> {
  const tmp = path.join(targetDir, `.${backupFileName(time)}.${process.pid}.${Date.now()}.tmp`);
  const fd = fs.openSync(tmp, 'wx', PRIVATE_FILE_MODE);
  try {
    // portable: no owner names or ctimes in the headers, so the archive says nothing about the host.
    await pipeline(create({ gzip: true, cwd: sourceDir, portable: true }, [...names]), fs.createWriteStream('', { fd, autoClose: false }));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    const final = publish(tmp, targetDir, time);
    fsyncDir(targetDir);
    return final;
  } catch (err) {
    try {
      fs.closeSync(fd);
    } catch {
      // Closed already, after the fsync.
    }
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
