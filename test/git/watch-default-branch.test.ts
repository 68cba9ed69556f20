import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { BranchWatchError, UnsupportedRefStorageError } from '../../git/branch-watch-errors.js';
import { BranchNotFoundError, GitError, InvalidBranchNameError } from '../../git/git-errors.js';
import { watchDefaultBranch, type BranchTipChange, type BranchWatch } from '../../git/watch-default-branch.js';
import { eventually } from '../support/processes.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';
import { git, isolateGitConfig } from './test-repo.js';

const DEBOUNCE_MS = 100;
/** How long "no call" is waited for: three debounces. */
const QUIET_MS = 3 * DEBOUNCE_MS;

let dirs: string[];
let watches: BranchWatch[];
let repo: string;
beforeAll(isolateGitConfig);
beforeEach(() => {
  watches = [];
  repo = makeTempGitRepo({ 'README.md': '# demo\n' });
  dirs = [repo];
});
afterEach(async () => {
  await Promise.all(watches.map((watch) => watch.close()));
  for (const dir of dirs) removeDir(dir);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function tempDir(): string {
  const dir = makeTempDir();
  dirs.push(dir);
  return dir;
}

/** Commits (nothing, allowed) as a person would on the branch checked out at `cwd`; returns the new tip. */
async function commit(cwd: string, message = 'change'): Promise<string> {
  await git(cwd, '-c', 'user.name=Person', '-c', 'user.email=person@example.com', 'commit', '--quiet', '--allow-empty', '-m', message);
  return git(cwd, 'rev-parse', 'HEAD');
}

interface Recorded {
  watch: BranchWatch;
  changes: BranchTipChange[];
  errors: BranchWatchError[];
}

async function startWatch(repoPath: string, branch = 'main', onChange?: (change: BranchTipChange) => void): Promise<Recorded> {
  const changes: BranchTipChange[] = [];
  const errors: BranchWatchError[] = [];
  const watch = await watchDefaultBranch({
    repoPath,
    branch,
    debounceMs: DEBOUNCE_MS,
    onChange: (change) => {
      changes.push(change);
      onChange?.(change);
    },
    onError: (error) => errors.push(error),
  });
  watches.push(watch);
  return { watch, changes, errors };
}

function changeNumber(recorded: Recorded, n: number): Promise<BranchTipChange> {
  return eventually(() => recorded.changes[n - 1], `change #${n}`);
}

describe('watchDefaultBranch', () => {
  it('reports a commit on the branch once, from the tip at watch time to the new one', async () => {
    const before = await git(repo, 'rev-parse', 'HEAD');
    const recorded = await startWatch(repo);
    expect(recorded.watch.startTip).toBe(before);
    const after = await commit(repo);
    expect(await changeNumber(recorded, 1)).toEqual({ previousTip: before, tip: after });
    await sleep(QUIET_MS);
    expect(recorded.changes).toHaveLength(1);
    expect(recorded.errors).toEqual([]);
  });

  it('ignores commits and new branches elsewhere, and still sees the branch afterwards', async () => {
    const start = await git(repo, 'rev-parse', 'HEAD');
    const recorded = await startWatch(repo);
    await git(repo, 'checkout', '--quiet', '-b', 'other');
    await commit(repo, 'on other');
    await git(repo, 'checkout', '--quiet', '-b', 'feature/x');
    await commit(repo, 'on feature/x');
    await git(repo, 'tag', 'v1');
    await sleep(QUIET_MS);
    expect(recorded.changes).toEqual([]);

    await git(repo, 'checkout', '--quiet', 'main');
    const tip = await commit(repo, 'on main');
    expect(await changeNumber(recorded, 1)).toEqual({ previousTip: start, tip });
  });

  it('always reports the final tip of two quick commits, each change following the one before', async () => {
    const start = await git(repo, 'rev-parse', 'HEAD');
    const recorded = await startWatch(repo);
    const first = await commit(repo, 'one');
    const second = await commit(repo, 'two');
    await eventually(() => (recorded.changes.at(-1)?.tip === second ? true : undefined), 'the second commit reported');
    await sleep(QUIET_MS);
    const { changes } = recorded;
    expect(changes.length === 1 || changes.length === 2).toBe(true);
    expect(changes[0]?.previousTip).toBe(start);
    if (changes.length === 2)
      expect(changes).toEqual([
        { previousTip: start, tip: first },
        { previousTip: first, tip: second },
      ]);
  });

  it('stays quiet through pack-refs and sees moves of the packed ref', async () => {
    const start = await git(repo, 'rev-parse', 'HEAD');
    const recorded = await startWatch(repo);
    await git(repo, 'pack-refs', '--all');
    expect(fs.existsSync(path.join(repo, '.git', 'refs', 'heads', 'main'))).toBe(false);
    await sleep(QUIET_MS);
    expect(recorded.changes).toEqual([]);

    const tip = await commit(repo);
    expect(await changeNumber(recorded, 1)).toEqual({ previousTip: start, tip });

    // A move written only into packed-refs, by lock file and rename, as JGit's batch updates do.
    const packedOnly = await git(repo, 'commit-tree', `${tip}^{tree}`, '-p', tip, '-m', 'packed only');
    await git(repo, 'pack-refs', '--all');
    await sleep(QUIET_MS);
    expect(recorded.changes).toHaveLength(1);
    const packedRefs = path.join(repo, '.git', 'packed-refs');
    fs.writeFileSync(`${packedRefs}.lock`, fs.readFileSync(packedRefs, 'utf8').replace(`${tip} refs/heads/main`, `${packedOnly} refs/heads/main`));
    fs.renameSync(`${packedRefs}.lock`, packedRefs);
    expect(await changeNumber(recorded, 2)).toEqual({ previousTip: tip, tip: packedOnly });
  });

  it('sees a push from a clone into a bare repository, also after gc packed its refs', async () => {
    const bare = path.join(tempDir(), 'origin.git');
    await git(repo, 'clone', '--quiet', '--bare', repo, bare);
    const clone = path.join(tempDir(), 'clone');
    await git(repo, 'clone', '--quiet', bare, clone);
    const start = await git(bare, 'rev-parse', 'refs/heads/main');
    const recorded = await startWatch(bare);

    const pushed = await commit(clone);
    await git(clone, 'push', '--quiet', 'origin', 'main');
    expect(await changeNumber(recorded, 1)).toEqual({ previousTip: start, tip: pushed });

    await git(bare, 'gc', '--quiet');
    const again = await commit(clone);
    await git(clone, 'push', '--quiet', 'origin', 'main');
    expect(await changeNumber(recorded, 2)).toEqual({ previousTip: pushed, tip: again });
    expect(recorded.errors).toEqual([]);
  });

  it('watches the shared refs when given a linked worktree or a folder inside the checkout', async () => {
    const worktree = path.join(tempDir(), 'wt');
    await git(repo, 'worktree', 'add', '--quiet', '-b', 'task', worktree);
    const inside = path.join(repo, 'src', 'lib');
    fs.mkdirSync(inside, { recursive: true });
    const start = await git(repo, 'rev-parse', 'HEAD');
    const fromWorktree = await startWatch(worktree);
    const fromInside = await startWatch(inside);
    const tip = await commit(repo);
    expect(await changeNumber(fromWorktree, 1)).toEqual({ previousTip: start, tip });
    expect(await changeNumber(fromInside, 1)).toEqual({ previousTip: start, tip });
  });

  it('watches a branch whose name has slashes, moved by update-ref', async () => {
    const start = await git(repo, 'rev-parse', 'HEAD');
    await git(repo, 'branch', 'release/2024/v1');
    const recorded = await startWatch(repo, 'release/2024/v1');
    const tip = await commit(repo, 'on main');
    await sleep(QUIET_MS);
    expect(recorded.changes).toEqual([]);
    await git(repo, 'update-ref', 'refs/heads/release/2024/v1', tip, start);
    expect(await changeNumber(recorded, 1)).toEqual({ previousTip: start, tip });
  });

  it('does not report a deleted branch, and reports its return at another commit', async () => {
    const start = await git(repo, 'rev-parse', 'HEAD');
    await git(repo, 'branch', 'release');
    const recorded = await startWatch(repo, 'release');
    await git(repo, 'branch', '--delete', '--force', 'release');
    await sleep(QUIET_MS);
    expect(recorded.changes).toEqual([]);
    expect(recorded.errors).toEqual([]);
    const tip = await commit(repo);
    await git(repo, 'branch', 'release', tip);
    expect(await changeNumber(recorded, 1)).toEqual({ previousTip: start, tip });
  });

  it('reports a failing onChange through onError and keeps watching', async () => {
    const recorded = await startWatch(repo, 'main', (change) => {
      if (recorded.changes.length === 1) throw new Error(`cannot reload ${change.tip}`);
    });
    const first = await commit(repo, 'one');
    const error = await eventually(() => recorded.errors[0], 'the onChange failure');
    expect(error).toBeInstanceOf(BranchWatchError);
    expect(error.stage).toBe('on-change');
    expect(error.message).toContain(`cannot reload ${first}`);

    const second = await commit(repo, 'two');
    expect(await changeNumber(recorded, 2)).toEqual({ previousTip: first, tip: second });
    expect(recorded.errors).toHaveLength(1);
  });

  it('reports a failing git read through onError and keeps watching', async () => {
    const start = await git(repo, 'rev-parse', 'HEAD');
    const recorded = await startWatch(repo);
    // A broken HEAD makes git refuse the folder as a repository (exit 128).
    const head = path.join(repo, '.git', 'HEAD');
    const goodHead = fs.readFileSync(head, 'utf8');
    fs.writeFileSync(head, 'garbage\n');
    // Rewriting the loose ref unchanged is an event the watch looks at.
    const looseRef = path.join(repo, '.git', 'refs', 'heads', 'main');
    fs.writeFileSync(looseRef, fs.readFileSync(looseRef));
    const error = await eventually(() => recorded.errors[0], 'the git failure');
    expect(error.stage).toBe('read-tip');
    expect(error.cause).toBeInstanceOf(GitError);

    fs.writeFileSync(head, goodHead);
    const tip = await commit(repo);
    expect(await changeNumber(recorded, 1)).toEqual({ previousTip: start, tip });
  });

  it('stops reporting after close, also for a move waiting out its debounce', async () => {
    const recorded = await startWatch(repo);
    const before = await commit(repo, 'just before close');
    await recorded.watch.close();
    await commit(repo, 'after close');
    await sleep(QUIET_MS);
    // On a loaded machine the debounce can run out before close is reached: that move may be
    // reported, the one after close never.
    expect(recorded.changes.filter((change) => change.tip !== before)).toEqual([]);
    await recorded.watch.close();
  });

  it('refuses what it cannot watch', async () => {
    const options = { repoPath: repo, branch: 'main', onChange: () => undefined };
    await expect(watchDefaultBranch({ ...options, branch: 'missing' })).rejects.toBeInstanceOf(BranchNotFoundError);
    await expect(watchDefaultBranch({ ...options, branch: 'bad..name' })).rejects.toBeInstanceOf(InvalidBranchNameError);
    await expect(watchDefaultBranch({ ...options, repoPath: tempDir() })).rejects.toBeInstanceOf(GitError);
    await expect(watchDefaultBranch({ ...options, debounceMs: 10 })).rejects.toBeInstanceOf(RangeError);
    await git(repo, 'config', 'extensions.refStorage', 'reftable');
    await expect(watchDefaultBranch(options)).rejects.toBeInstanceOf(UnsupportedRefStorageError);
  });
});
