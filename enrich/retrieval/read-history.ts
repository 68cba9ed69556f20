import { runGit } from '../../git/run-git.js';
import { GIT_LOG_ARGS, parseGitLog, type HistoryCommit } from './parse-git-log.js';

/**
 * The commits reachable from `commit` (itself included) and not from `since` when given, newest
 * first by git's order, at most `max`. Throws `GitError` when a commit is unknown.
 */
export async function readHistory(dir: string, commit: string, options: { since?: string; max: number }): Promise<HistoryCommit[]> {
  const range = options.since === undefined ? [commit] : [`${options.since}..${commit}`];
  const { stdout } = await runGit(dir, [...GIT_LOG_ARGS, `--max-count=${options.max}`, ...range, '--']);
  return parseGitLog(stdout);
}

/** The changed paths between two commits' trees (`git diff --raw -z --no-renames --no-abbrev`). */
export async function diffTrees(dir: string, from: string, to: string): Promise<string> {
  const { stdout } = await runGit(dir, ['diff', '--raw', '-z', '--no-renames', '--no-abbrev', '--no-color', from, to, '--']);
  return stdout;
}
