/** One file change of a commit, as `--name-status` lists it. */
export interface FileChange {
  /** The status letter: A, M, D, R (renamed), C (copied), T (type changed). */
  status: string;
  path: string;
  /** For R and C: the path before. */
  from?: string;
}

/** One commit of the history before an indexed commit. */
export interface HistoryCommit {
  sha: string;
  /** Committer time, seconds since the epoch. */
  time: number;
  parents: string[];
  /** Subject and body. */
  message: string;
  changes: FileChange[];
}

/** The `git log` arguments whose output `parseGitLog` reads (add the revision range after them). */
export const GIT_LOG_ARGS = ['log', '-z', '--format=%x1e%H%x1f%ct%x1f%P%x1f%B%x1f', '--name-status', '-M', '--no-color'] as const;

/**
 * The commits of `git log` output produced with `GIT_LOG_ARGS`, in git's order. Merge commits
 * come with no changes (git lists none for them by default). Throws when a record lacks its
 * fields.
 */
export function parseGitLog(output: string): HistoryCommit[] {
  const commits: HistoryCommit[] = [];
  for (const record of output.split('\x1e')) {
    if (record.trim() === '') continue;
    const fields = record.split('\x1f');
    if (fields.length < 5) throw new Error(`git log: expected "<sha>\\x1f<time>\\x1f<parents>\\x1f<message>\\x1f<changes>", saw ${JSON.stringify(record.slice(0, 120))}`);
    const [sha, time, parents] = fields as [string, string, string];
    const message = fields.slice(3, -1).join('\x1f').trim();
    commits.push({ sha, time: Number(time), parents: parents === '' ? [] : parents.split(' '), message, changes: parseNameStatus(fields[fields.length - 1]!) });
  }
  return commits;
}

/** The changes of `--name-status -z` output: `<status>\0<path>\0` or `R<score>\0<from>\0<to>\0`. */
function parseNameStatus(text: string): FileChange[] {
  const tokens = text.split('\0').map((token) => token.replace(/^\n+/, ''));
  const changes: FileChange[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!/^[ACDMRTUXB]\d*$/.test(token)) continue;
    const status = token[0]!;
    if (status === 'R' || status === 'C') {
      const from = tokens[i + 1];
      const path = tokens[i + 2];
      if (from !== undefined && path !== undefined) changes.push({ status, path, from });
      i += 2;
    } else {
      const path = tokens[i + 1];
      if (path !== undefined && path !== '') changes.push({ status, path });
      i += 1;
    }
  }
  return changes;
}
