import fs from 'node:fs';
import path from 'node:path';
import { runGit } from './run-git.js';

/**
 * Makes git ignore `patterns` in this repository without touching any tracked file: appends the
 * missing ones to `info/exclude` of the repository's common git dir (shared by its worktrees,
 * never committed). Idempotent. Throws `GitError` when `worktreePath` is not in a repository.
 */
export async function excludeLocally(worktreePath: string, patterns: readonly string[]): Promise<void> {
  if (patterns.length === 0) return;
  const { stdout } = await runGit(worktreePath, ['rev-parse', '--git-common-dir']);
  const file = path.join(path.resolve(worktreePath, stdout.trim()), 'info', 'exclude');
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const lines = new Set(current.split('\n').map((line) => line.trim()));
  const missing = patterns.filter((pattern) => !lines.has(pattern));
  if (missing.length === 0) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  fs.appendFileSync(file, `${separator}# Written by Ringmaster: files agent CLIs keep in worktrees\n${missing.join('\n')}\n`);
}
