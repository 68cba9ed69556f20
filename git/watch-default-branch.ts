import { watch, type FSWatcher } from 'chokidar';
import path from 'node:path';
import { branchRefPaths, isBranchRefPath } from './branch-ref-paths.js';
import { BranchWatchError, UnsupportedRefStorageError, type BranchWatchStage } from './branch-watch-errors.js';
import { BranchNotFoundError } from './git-errors.js';
import { branchTip } from './read-refs.js';
import { runGit } from './run-git.js';

/** How long a burst of ref file events is waited out by default before the tip is read. */
export const DEFAULT_BRANCH_WATCH_DEBOUNCE_MS = 500;

/**
 * Shortest accepted debounce: chokidar drops a second `change` of the same file within 50 ms, so a
 * shorter wait could read the tip before a dropped move and never look again.
 */
export const MIN_BRANCH_WATCH_DEBOUNCE_MS = 100;

/** A move of the watched branch, from the tip last reported (or the tip at watch time) to the new one. */
export interface BranchTipChange {
  previousTip: string;
  tip: string;
}

/** What `watchDefaultBranch` watches and whom it tells. */
export interface WatchDefaultBranchOptions {
  /** The repository: a checkout, any folder in it, one of its linked worktrees, or a bare repository. */
  repoPath: string;
  /** The local branch to watch, e.g. `main` or `release/v1`. */
  branch: string;
  /** How long to wait after the last ref file event before reading the tip; default 500 ms, at least 100. */
  debounceMs?: number;
  /** Called once per observed move, one call at a time, in order; awaited when it returns a promise. */
  onChange: (change: BranchTipChange) => void | Promise<void>;
  /** Gets what failed while watching; without it, failures become process warnings. */
  onError?: (error: BranchWatchError) => void;
}

/** A running watch of one branch. */
export interface BranchWatch {
  /** The tip when the watch started: the `previousTip` of the first change. */
  readonly startTip: string;
  /** Stops watching; no onChange starts after this is called. Never rejects. */
  close(): Promise<void>;
}

/** Returns the absolute common git dir of the repository at `repoPath` (worktrees share it). */
async function commonGitDir(repoPath: string): Promise<string> {
  const { stdout } = await runGit(repoPath, ['rev-parse', '--git-common-dir']);
  return path.resolve(repoPath, stdout.trim());
}

/** Throws `UnsupportedRefStorageError` unless refs are files (git ≥ 2.45 can keep them in a reftable). */
async function assertFilesRefStorage(repoPath: string): Promise<void> {
  const { stdout, exitCode } = await runGit(repoPath, ['config', '--get', 'extensions.refStorage'], { okExitCodes: [1] });
  const storage = stdout.trim();
  if (exitCode === 0 && storage !== 'files') throw new UnsupportedRefStorageError(repoPath, storage);
}

/**
 * Unrefs the throttle timers (up to 1 s) that chokidar 4.0's close() clears from its map but
 * leaves running, so a closed watch never keeps the process alive.
 */
function unrefThrottleTimers(watcher: FSWatcher): void {
  for (const byPath of watcher._throttled.values()) {
    for (const entry of byPath.values() as Iterable<{ timeoutObject?: NodeJS.Timeout }>) entry.timeoutObject?.unref();
  }
}

function checkedDebounce(debounceMs: number | undefined): number {
  const ms = debounceMs ?? DEFAULT_BRANCH_WATCH_DEBOUNCE_MS;
  if (!Number.isFinite(ms) || ms < MIN_BRANCH_WATCH_DEBOUNCE_MS) {
    throw new RangeError(`debounceMs must be a number of at least ${MIN_BRANCH_WATCH_DEBOUNCE_MS}, got ${ms}`);
  }
  return ms;
}

/**
 * Watches local branch `branch` of the repository at `repoPath` for moves made by anyone (a commit
 * in a checkout or worktree, a push into a bare repository, `update-ref`) and calls `onChange` once
 * the tip really differs from the last one reported, after events stop for `debounceMs`. Pure ref
 * maintenance (`pack-refs`, `gc`) and other branches never call it; a deleted branch is not a
 * change, its return at another commit is. Failures while watching (git, `onChange`, the file
 * watcher) go to `onError` and the watch goes on.
 *
 * Resolves once the file watcher is in place, with the starting tip. Throws `RangeError` for a
 * `debounceMs` under 100, `InvalidBranchNameError` for a bad branch name, `GitError` when
 * `repoPath` is not a repository, `UnsupportedRefStorageError` for reftable refs and
 * `BranchNotFoundError` when the branch does not exist.
 */
export async function watchDefaultBranch(options: WatchDefaultBranchOptions): Promise<BranchWatch> {
  const { repoPath, branch, onChange } = options;
  const debounceMs = checkedDebounce(options.debounceMs);
  const paths = branchRefPaths(await commonGitDir(repoPath), branch);
  await assertFilesRefStorage(repoPath);

  let lastTip = '';
  let started = false;
  let eventBeforeStart = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let checking = false;
  let checkAgain = false;
  let reading: Promise<unknown> | undefined;

  const report = (stage: BranchWatchStage, cause: unknown): void => {
    const error = new BranchWatchError(stage, repoPath, branch, cause);
    try {
      if (options.onError) options.onError(error);
      else process.emitWarning(error);
    } catch {
      // A failing error handler must not stop the watch either.
    }
  };

  const checkOnce = async (): Promise<void> => {
    let tip: string | undefined;
    try {
      const read = branchTip(repoPath, branch);
      reading = read;
      tip = await read;
    } catch (err) {
      if (!closed) report('read-tip', err);
      return;
    } finally {
      reading = undefined;
    }
    if (closed || tip === undefined || tip === lastTip) return;
    const change = { previousTip: lastTip, tip };
    // Counted as reported even when onChange fails: a later move is reported from this tip.
    lastTip = tip;
    try {
      await onChange(change);
    } catch (err) {
      report('on-change', err);
    }
  };

  // One check at a time, so changes are reported in order and each from the one before.
  const check = async (): Promise<void> => {
    if (checking) {
      checkAgain = true;
      return;
    }
    checking = true;
    try {
      do {
        checkAgain = false;
        await checkOnce();
      } while (checkAgain && !closed);
    } finally {
      checking = false;
    }
  };

  const schedule = (): void => {
    if (closed) return;
    if (!started) {
      eventBeforeStart = true;
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void check();
    }, debounceMs);
  };

  // Watching the folders (not just the files) sees the loose ref come back after pack-refs and
  // the renames git does; `atomic: false` because its 100 ms unlink delay and editor-swap-file
  // filter only fit editors.
  const watcher = watch(paths.gitDir, {
    ignoreInitial: true,
    atomic: false,
    ignored: (candidate) => !isBranchRefPath(paths, candidate),
  });
  watcher.on('all', schedule);
  watcher.on('error', (err) => report('watcher', err));

  let closing: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    closed = true;
    clearTimeout(timer);
    unrefThrottleTimers(watcher);
    await watcher.close();
    // Lets a git read already started finish, so no git process outlives the watch.
    await reading?.catch(() => undefined);
  };
  const close = (): Promise<void> => (closing ??= stop());

  // The tip is read only once the watcher is in place, so no move can fall between the two.
  await new Promise<void>((resolve) => watcher.once('ready', resolve));
  let startTip: string | undefined;
  try {
    startTip = await branchTip(repoPath, branch);
  } catch (err) {
    await close();
    throw err;
  }
  if (startTip === undefined) {
    await close();
    throw new BranchNotFoundError(repoPath, branch);
  }
  lastTip = startTip;
  started = true;
  // An event while the start tip was read may be a move made just after git read it.
  if (eventBeforeStart) schedule();
  return { startTip, close };
}
