import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runGit } from './run-git.js';

/**
 * The tree id of what `git add --all` would commit in the work tree `dir` right now (untracked
 * files included, ignored ones not), computed in a copy of its index so the real index and the
 * work tree are left as they were. Two checkouts with the same id hold the same committed content.
 * Throws `GitError` when git fails.
 */
export async function workingTreeId(dir: string): Promise<string> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringmaster-index-'));
  try {
    const index = path.join(tmp, 'index');
    const real = path.resolve(dir, (await runGit(dir, ['rev-parse', '--git-path', 'index'])).stdout.trim());
    // A copy keeps the stat cache, so git hashes only the files that changed.
    if (fs.existsSync(real)) fs.copyFileSync(real, index);
    const env = { GIT_INDEX_FILE: index };
    await runGit(dir, ['add', '--all'], { env });
    return (await runGit(dir, ['write-tree'], { env })).stdout.trim();
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
