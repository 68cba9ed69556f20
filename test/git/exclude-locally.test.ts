import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { excludeLocally } from '../../git/exclude-locally.js';
import { isDirty } from '../../git/worktree-state.js';
import { git } from '../support/task-harness.js';
import { removeDir } from '../support/temp-dir.js';
import { makeTempGitRepo } from '../support/temp-git-repo.js';

let repo: string;
beforeEach(() => {
  repo = makeTempGitRepo({ 'a.txt': 'a\n' });
});
afterEach(() => removeDir(repo));

describe('excludeLocally', () => {
  it('ignores the patterns in every worktree without changing a tracked file, once', async () => {
    const worktree = `${repo}-wt`;
    git(repo, 'worktree', 'add', '-q', '-b', 'task', worktree);
    try {
      fs.writeFileSync(path.join(worktree, '.aider.chat.history.md'), 'x');
      fs.mkdirSync(path.join(worktree, '.aider.tags.cache.v4'));
      fs.writeFileSync(path.join(worktree, '.aider.tags.cache.v4', 'cache.db'), 'x');
      expect(await isDirty(worktree)).toBe(true);
      await excludeLocally(worktree, ['.aider*']);
      await excludeLocally(worktree, ['.aider*']);
      expect(await isDirty(worktree)).toBe(false);
      expect(git(repo, 'status', '--porcelain')).toBe('');
      const exclude = fs.readFileSync(path.join(repo, '.git', 'info', 'exclude'), 'utf8');
      expect(exclude.match(/^\.aider\*$/gm)).toHaveLength(1);
    } finally {
      git(repo, 'worktree', 'remove', '--force', worktree);
    }
  });
});
