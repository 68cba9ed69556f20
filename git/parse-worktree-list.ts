import { WorktreeListParseError } from './git-errors.js';

/** One worktree of a repository as `git worktree list --porcelain` describes it. */
export interface WorktreeEntry {
  /** Absolute path, as git recorded it (symlinks resolved). */
  path: string;
  /** Checked-out commit; undefined for a bare repository or a branch without commits. */
  head?: string;
  /** Short name of the checked-out branch (`main`, `ringmaster/abc`); undefined when detached or bare. */
  branch?: string;
  bare: boolean;
  detached: boolean;
  locked: boolean;
  /** The reason given when it was locked, as printed (C-quoted when it has special characters). */
  lockReason?: string;
  /** Git would prune it: its folder is gone and it is not locked. */
  prunable: boolean;
}

const UNBORN = /^0+$/;

function emptyEntry(path: string): WorktreeEntry {
  return { path, bare: false, detached: false, locked: false, prunable: false };
}

function applyAttribute(entry: WorktreeEntry, line: string): void {
  const space = line.indexOf(' ');
  const key = space === -1 ? line : line.slice(0, space);
  const value = space === -1 ? '' : line.slice(space + 1);
  switch (key) {
    case 'HEAD':
      if (!UNBORN.test(value)) entry.head = value;
      break;
    case 'branch':
      entry.branch = value.startsWith('refs/heads/') ? value.slice('refs/heads/'.length) : value;
      break;
    case 'bare':
      entry.bare = true;
      break;
    case 'detached':
      entry.detached = true;
      break;
    case 'locked':
      entry.locked = true;
      if (value !== '') entry.lockReason = value;
      break;
    case 'prunable':
      entry.prunable = true;
      break;
    // Attributes a newer git adds are ignored.
  }
}

/**
 * Parses the output of `git worktree list --porcelain` (records separated by blank lines, the main
 * worktree first). Throws `WorktreeListParseError` when a record does not start with `worktree `.
 */
export function parseWorktreeList(output: string): WorktreeEntry[] {
  const entries: WorktreeEntry[] = [];
  let current: WorktreeEntry | undefined;
  output.split('\n').forEach((line, index) => {
    if (line === '') {
      current = undefined;
    } else if (current) {
      applyAttribute(current, line);
    } else if (line.startsWith('worktree ')) {
      current = emptyEntry(line.slice('worktree '.length));
      entries.push(current);
    } else {
      throw new WorktreeListParseError(index + 1, line);
    }
  });
  return entries;
}
