import { execFileSync } from 'node:child_process';

// Plain git, not Ringmaster's own git helpers: the observer must not share the code it checks.
const git = (repo: string, ...args: string[]): string => execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** How many commits on `branch` carry the trailer `Ringmaster-Task: <taskId>`. Throws when git fails. */
export function commitsOfTask(repo: string, branch: string, taskId: string): number {
  return git(repo, 'log', branch, '--format=%H', '--fixed-strings', `--grep=Ringmaster-Task: ${taskId}`).split('\n').filter(Boolean).length;
}

/** The content of `file` at the tip of `branch`, or undefined when it is not there. */
export function fileOnBranch(repo: string, branch: string, file: string): string | undefined {
  try {
    return git(repo, 'show', `${branch}:${file}`);
  } catch {
    return undefined;
  }
}

/** The worktrees of `repo` besides its main checkout (the first one git lists). Throws when git fails. */
export function extraWorktrees(repo: string): string[] {
  const paths = git(repo, 'worktree', 'list', '--porcelain')
    .split('\n')
    .filter((line) => line.startsWith('worktree '))
    .map((line) => line.slice('worktree '.length));
  return paths.slice(1);
}

/** The branches of `repo` named `ringmaster/…`. Throws when git fails. */
export function taskBranches(repo: string): string[] {
  return git(repo, 'branch', '--list', '--format=%(refname:short)', 'ringmaster/*').split('\n').filter(Boolean);
}
