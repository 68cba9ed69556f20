import fs from 'node:fs';

/**
 * Rotates `file` when it is larger than `maxBytes`: `file.1` … `file.<keep>` move up one, the
 * oldest goes, and the file is copied to `file.1` and then truncated in place, so a process still
 * appending to it (it holds it open with O_APPEND) goes on writing at its new start. Returns true
 * when it rotated. Never throws for a missing file.
 */
export function rotateLog(file: string, maxBytes: number, keep: number): boolean {
  const size = fs.statSync(file, { throwIfNoEntry: false })?.size;
  if (size === undefined || size <= maxBytes) return false;
  fs.rmSync(`${file}.${keep}`, { force: true });
  for (let n = keep - 1; n >= 1; n--) {
    if (fs.existsSync(`${file}.${n}`)) fs.renameSync(`${file}.${n}`, `${file}.${n + 1}`);
  }
  fs.copyFileSync(file, `${file}.1`);
  fs.chmodSync(`${file}.1`, 0o600);
  fs.truncateSync(file, 0);
  return true;
}
