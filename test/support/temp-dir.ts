import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Creates a fresh temporary directory; the caller removes it with `removeDir`. */
export function makeTempDir(prefix = 'ringmaster-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
