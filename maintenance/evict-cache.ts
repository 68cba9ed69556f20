import fs from 'node:fs';
import path from 'node:path';

function filesUnder(dir: string): { file: string; size: number; mtimeMs: number }[] {
  const found: { file: string; size: number; mtimeMs: number }[] = [];
  const walk = (at: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(at, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const { size, mtimeMs } = fs.statSync(full);
        found.push({ file: full, size, mtimeMs });
      }
    }
  };
  walk(dir);
  return found;
}

/**
 * Deletes the oldest files of the cache folder `dir` (by modification time) until it holds at most
 * `maxBytes`; the cache rebuilds what it misses. Returns the bytes it freed. Never throws.
 */
export function evictCache(dir: string, maxBytes: number): number {
  const files = filesUnder(dir).sort((a, b) => a.mtimeMs - b.mtimeMs);
  let total = files.reduce((sum, f) => sum + f.size, 0);
  let freed = 0;
  for (const { file, size } of files) {
    if (total <= maxBytes) break;
    try {
      fs.rmSync(file);
      total -= size;
      freed += size;
    } catch {
      // Gone already, or in use: the next run tries again.
    }
  }
  return freed;
}
