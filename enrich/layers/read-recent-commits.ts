import path from 'node:path';
import { runGit } from '../../git/run-git.js';
import { RECENT_COMMITS_FORMAT, parseRecentCommits, type RecentCommit } from './parse-recent-commits.js';

/** Where and what `readRecentCommits` reads. */
export interface ReadRecentCommitsInput {
  /** A repository, worktree or bare repository. */
  repoDir: string;
  /** The commit the history is read at (a sha or ref); its history only, not later commits. */
  commit: string;
  /** Files whose history is wanted; empty for the whole repository's. */
  paths: readonly string[];
  /** How many commits at most; 10 unless given. */
  limit?: number;
}

/** How many commits `readRecentCommits` returns unless told otherwise. */
export const DEFAULT_RECENT_COMMITS = 10;

/**
 * Reads the last commits reachable from `commit` that touch `paths` (taken literally, no glob
 * magic): short sha, date, subject and the whole commit's shortstat, newest first. Returns []
 * for an empty repository or a commit that does not resolve. Throws GitError when `repoDir` is
 * not a repository or git fails otherwise.
 */
export async function readRecentCommits(input: ReadRecentCommitsInput): Promise<RecentCommit[]> {
  const { repoDir, commit, paths } = input;
  const limit = Math.max(0, Math.floor(input.limit ?? DEFAULT_RECENT_COMMITS));
  if (limit === 0) return [];
  // `-C` as well as the cwd, so the command (and any GitError) names the repository it read.
  const dir = path.resolve(repoDir);
  // A full commit id needs no resolving first; if git does not know it, resolve as for any name.
  if (/^[0-9a-f]{40}$/.test(commit)) {
    const direct = await logOf(dir, commit, paths, limit, true);
    if (direct !== undefined) return parseRecentCommits(direct);
  }
  const resolved = await runGit(dir, ['-C', dir, 'rev-parse', '--verify', '--quiet', '--end-of-options', `${commit}^{commit}`], { okExitCodes: [1] });
  const sha = resolved.stdout.trim();
  if (resolved.exitCode !== 0 || !sha) return [];
  return parseRecentCommits((await logOf(dir, sha, paths, limit, false))!);
}

/** The log output, or undefined when `tolerant` and git failed with 128 (e.g. an unknown commit). */
async function logOf(dir: string, sha: string, paths: readonly string[], limit: number, tolerant: boolean): Promise<string | undefined> {
  const result = await runGit(
    dir,
    [
      '-C',
      dir,
      '--literal-pathspecs',
      'log',
      '--no-show-signature',
      '--no-color',
      `--max-count=${limit}`,
      RECENT_COMMITS_FORMAT,
      '--shortstat',
      // The stat of the whole commit, not only of `paths`: it tells how big the change was.
      '--full-diff',
      sha,
      '--',
      ...paths,
    ],
    tolerant ? { okExitCodes: [128] } : {},
  );
  return result.exitCode === 0 ? result.stdout : undefined;
}
