import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from './temp-dir.js';

/**
 * Creates a git repository in a fresh temp dir holding `files` (relative path → content) in one
 * initial commit, and returns its path; remove it with `removeDir`. Throws if git fails.
 */
export function makeTempGitRepo(files: Record<string, string>, prefix = 'ringmaster-repo-'): string {
  const dir = makeTempDir(prefix);
  const git = (...args: string[]): void => {
    // An explicit identity, so the commit works without any global git config.
    execFileSync('git', ['-c', 'user.name=Ringmaster Test', '-c', 'user.email=test@ringmaster.invalid', ...args], { cwd: dir, stdio: 'pipe' });
  };
  git('init', '--quiet', '--initial-branch=main');
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  git('add', '--all');
  git('commit', '--quiet', '--allow-empty', '-m', 'Initial commit');
  return dir;
}
