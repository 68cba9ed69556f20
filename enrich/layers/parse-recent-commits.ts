/** One commit of the recent history of some files. */
export interface RecentCommit {
  /** Abbreviated commit id. */
  sha: string;
  /** Commit date, YYYY-MM-DD. */
  date: string;
  subject: string;
  filesChanged: number;
  insertions: number;
  deletions: number;
}

/** Record and field separators of the `git log` format that `parseRecentCommits` reads. */
export const RECENT_COMMITS_FORMAT = '--format=%x1e%h%x1f%cs%x1f%s';

function count(stat: string, pattern: RegExp): number {
  return Number(pattern.exec(stat)?.[1] ?? 0);
}

/**
 * Parses the output of `git log --shortstat` in `RECENT_COMMITS_FORMAT` into commits, in the
 * order given. A commit without a stat line (a merge, an empty commit) has zero counts.
 */
export function parseRecentCommits(stdout: string): RecentCommit[] {
  return stdout
    .split('\x1e')
    .filter((record) => record.trim())
    .map((record) => {
      const [header = '', ...rest] = record.split('\n');
      const [sha = '', date = '', subject = ''] = header.split('\x1f');
      const stat = rest.join(' ');
      return {
        sha,
        date,
        subject,
        filesChanged: count(stat, /(\d+) files? changed/),
        insertions: count(stat, /(\d+) insertions?\(\+\)/),
        deletions: count(stat, /(\d+) deletions?\(-\)/),
      };
    });
}
