import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Creates a git repository at `dir` holding `files` (relative path → content) in one commit on
 * `main`, with an explicit identity so no global git config is needed. Throws when git fails.
 */
export function makeRepo(dir: string, files: Readonly<Record<string, string>>): void {
  fs.mkdirSync(dir, { recursive: true });
  const git = (...args: string[]): void => {
    execFileSync('git', ['-c', 'user.name=Ringmaster Bench', '-c', 'user.email=bench@ringmaster.invalid', ...args], { cwd: dir, stdio: 'pipe' });
  };
  git('init', '--quiet', '--initial-branch=main');
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  git('add', '--all');
  git('commit', '--quiet', '-m', 'Initial commit');
}
