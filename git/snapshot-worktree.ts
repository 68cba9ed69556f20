import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { identityConfigArgs } from './commit-identity.js';
import { runGit } from './run-git.js';

export interface SnapshotWorktreeInput {
  worktreePath: string;
  message: string;
  /** Paths never taken into the snapshot (copied files such as .env, and what is under them). */
  forbidden?: readonly string[];
}

/**
 * A commit of everything in the worktree (untracked files included, .gitignore respected) on top
 * of its HEAD, made through a private index: the branch, the index and the files stay exactly as
 * the agent left them. Returns HEAD itself when nothing changed. Throws GitError when git fails.
 */
export async function snapshotWorktree({ worktreePath, message, forbidden = [] }: SnapshotWorktreeInput): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringmaster-snapshot-'));
  const env = { GIT_INDEX_FILE: path.join(dir, 'index') };
  try {
    const head = (await runGit(worktreePath, ['rev-parse', 'HEAD'])).stdout.trim();
    await runGit(worktreePath, ['read-tree', 'HEAD'], { env });
    await runGit(worktreePath, ['add', '--all'], { env });
    if (forbidden.length) await runGit(worktreePath, ['rm', '--cached', '-r', '-q', '--ignore-unmatch', '--', ...forbidden], { env });
    const tree = (await runGit(worktreePath, ['write-tree'], { env })).stdout.trim();
    const headTree = (await runGit(worktreePath, ['rev-parse', 'HEAD^{tree}'])).stdout.trim();
    if (tree === headTree) return head;
    return (await runGit(worktreePath, [...identityConfigArgs(), 'commit-tree', tree, '-p', head, '-F', '-'], { input: message })).stdout.trim();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
