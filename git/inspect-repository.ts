import fs from 'node:fs';
import path from 'node:path';
import { GitError, InvalidRepositoryError } from './git-errors.js';
import { currentBranch, resolveCommit } from './read-refs.js';
import { runGit } from './run-git.js';

/** What Ringmaster needs to know about a repository a project points at. */
export interface RepositoryInfo {
  /** The top folder of the working tree; for a bare repository, the repository folder itself. */
  topLevel: string;
  bare: boolean;
  /** The branch HEAD points at (the checked-out one); undefined when HEAD is detached. */
  headBranch?: string;
  headCommit: string;
}

async function askGit(repoPath: string, args: string[]): Promise<string> {
  try {
    return (await runGit(repoPath, args)).stdout.trim();
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
    const why = /not a git repository/i.test(err.stderrTail) ? '' : ` (git: ${err.stderrTail})`;
    throw new InvalidRepositoryError(repoPath, 'not-a-repository', `${repoPath} is not a git repository${why}`);
  }
}

/**
 * Returns facts about the git repository at `repoPath` (a folder inside a working tree is
 * accepted; `topLevel` then names the top). Throws `InvalidRepositoryError` with a message for
 * people when the path is not absolute, does not exist, is not a folder, is not in a git
 * repository, or its HEAD has no commit yet.
 */
export async function inspectRepository(repoPath: string): Promise<RepositoryInfo> {
  if (!path.isAbsolute(repoPath)) {
    throw new InvalidRepositoryError(repoPath, 'not-absolute', `must be an absolute path, got '${repoPath}'`);
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(repoPath);
  } catch {
    throw new InvalidRepositoryError(repoPath, 'not-found', `${repoPath} does not exist`);
  }
  if (!stat.isDirectory()) throw new InvalidRepositoryError(repoPath, 'not-a-directory', `${repoPath} is not a directory`);

  const bare = (await askGit(repoPath, ['rev-parse', '--is-bare-repository'])) === 'true';
  const topLevel = await askGit(repoPath, bare ? ['rev-parse', '--absolute-git-dir'] : ['rev-parse', '--show-toplevel']);
  const headBranch = await currentBranch(repoPath);
  const headCommit = await resolveCommit(repoPath, 'HEAD');
  if (!headCommit) {
    const where = headBranch ? ` on branch '${headBranch}'` : '';
    throw new InvalidRepositoryError(repoPath, 'no-commits', `${topLevel} has no commits yet${where}; make a first commit, then try again`);
  }
  return { topLevel, bare, headBranch, headCommit };
}
