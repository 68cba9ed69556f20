import { describe, expect, it } from '@jest/globals';
import { WorktreeListParseError } from '../../git/git-errors.js';
import { parseWorktreeList } from '../../git/parse-worktree-list.js';

// Recorded from git 2.39: `git worktree list --porcelain` in a repository with one worktree of
// each kind (a locked one with a multi-line reason, one whose folder was deleted).
const RECORDED = `worktree /tmp/gx/repo
HEAD 83782f90e6a5fbaa9e8fe777b8ae0daf20a23430
branch refs/heads/main

worktree /tmp/gx/wt1
HEAD 83782f90e6a5fbaa9e8fe777b8ae0daf20a23430
branch refs/heads/ringmaster/mhx1k2ab7q3f

worktree /tmp/gx/wt2
HEAD 83782f90e6a5fbaa9e8fe777b8ae0daf20a23430
detached

worktree /tmp/gx/wt3
HEAD 83782f90e6a5fbaa9e8fe777b8ae0daf20a23430
branch refs/heads/b3
locked "why\\nmulti"

worktree /tmp/gx/wt4
HEAD 83782f90e6a5fbaa9e8fe777b8ae0daf20a23430
branch refs/heads/b4
prunable gitdir file points to non-existent location

worktree /tmp/gx/wt5
HEAD 83782f90e6a5fbaa9e8fe777b8ae0daf20a23430
branch refs/heads/b5
locked

`;

// Recorded from git 2.39: a bare repository with one worktree, and a fresh repository without commits.
const RECORDED_BARE = `worktree /tmp/gx/bare.git
bare

worktree /tmp/gx/wtb
HEAD 83782f90e6a5fbaa9e8fe777b8ae0daf20a23430
branch refs/heads/main
`;
const RECORDED_UNBORN = `worktree /tmp/gx/empty
HEAD 0000000000000000000000000000000000000000
branch refs/heads/main

`;

const HEAD = '83782f90e6a5fbaa9e8fe777b8ae0daf20a23430';
const plain = { bare: false, detached: false, locked: false, prunable: false };

describe('parseWorktreeList', () => {
  it('reads every kind of worktree record', () => {
    expect(parseWorktreeList(RECORDED)).toEqual([
      { ...plain, path: '/tmp/gx/repo', head: HEAD, branch: 'main' },
      { ...plain, path: '/tmp/gx/wt1', head: HEAD, branch: 'ringmaster/mhx1k2ab7q3f' },
      { ...plain, path: '/tmp/gx/wt2', head: HEAD, detached: true },
      { ...plain, path: '/tmp/gx/wt3', head: HEAD, branch: 'b3', locked: true, lockReason: '"why\\nmulti"' },
      { ...plain, path: '/tmp/gx/wt4', head: HEAD, branch: 'b4', prunable: true },
      { ...plain, path: '/tmp/gx/wt5', head: HEAD, branch: 'b5', locked: true },
    ]);
  });

  it('reads a bare repository and a branch without commits', () => {
    expect(parseWorktreeList(RECORDED_BARE)).toEqual([
      { ...plain, path: '/tmp/gx/bare.git', bare: true },
      { ...plain, path: '/tmp/gx/wtb', head: HEAD, branch: 'main' },
    ]);
    expect(parseWorktreeList(RECORDED_UNBORN)).toEqual([{ ...plain, path: '/tmp/gx/empty', branch: 'main' }]);
  });

  it('keeps paths with spaces whole and ignores attributes it does not know', () => {
    const output = `worktree /tmp/with space/wt\nHEAD ${HEAD}\nbranch refs/heads/x\nsomething-new yes\n`;
    expect(parseWorktreeList(output)).toEqual([{ ...plain, path: '/tmp/with space/wt', head: HEAD, branch: 'x' }]);
  });

  it('returns no worktrees for empty output', () => {
    expect(parseWorktreeList('')).toEqual([]);
  });

  it('says what it expected and saw when a record does not start with "worktree"', () => {
    const parse = () => parseWorktreeList(`worktree /a\nHEAD ${HEAD}\n\nHEAD ${HEAD}\n`);
    expect(parse).toThrow(WorktreeListParseError);
    expect(parse).toThrow(`line 4: expected "worktree <path>" to start a record, saw "HEAD ${HEAD}"`);
  });
});
