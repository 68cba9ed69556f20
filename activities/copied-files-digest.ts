import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A digest of the project's copied files (`copyFiles`, e.g. a git-ignored .env) as they are in the
 * checkout `dir`: their paths, kinds and bytes, directories walked in name order. Tests that ran
 * with other copied files than a later checkout's did not test that checkout.
 */
export function copiedFilesDigest(dir: string, copyFiles: readonly string[]): string {
  const hash = createHash('sha256');
  const visit = (relative: string): void => {
    const full = path.join(dir, relative);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(full);
    } catch {
      hash.update(`missing ${relative}\0`);
      return;
    }
    if (stat.isSymbolicLink()) hash.update(`link ${relative}\0${fs.readlinkSync(full)}\0`);
    else if (stat.isDirectory()) {
      hash.update(`dir ${relative}\0`);
      for (const name of fs.readdirSync(full).sort()) visit(path.join(relative, name));
    } else hash.update(`file ${relative} ${stat.size}\0`).update(fs.readFileSync(full)).update('\0');
  };
  for (const file of [...copyFiles].sort()) visit(file);
  return hash.digest('hex');
}
