import { describe, expect, it } from '@jest/globals';
import { assertBranchName, taskBranchName } from '../../git/branch-name.js';
import { InvalidBranchNameError } from '../../git/git-errors.js';

describe('taskBranchName', () => {
  it('puts the task id under ringmaster/', () => {
    expect(taskBranchName('mhx1k2ab7q3f')).toBe('ringmaster/mhx1k2ab7q3f');
  });

  it.each(['', 'a/b', 'a..b', 'a b', 'x.lock', '.hidden', 'a~1', 'end.'])('refuses the task id %j', (taskId) => {
    expect(() => taskBranchName(taskId)).toThrow(InvalidBranchNameError);
  });
});

describe('assertBranchName', () => {
  it.each(['main', 'master', 'release/1.2', 'ringmaster/abc', 'feature_x-y'])('accepts %j', (name) => {
    expect(assertBranchName(name)).toBe(name);
  });

  it.each(['', '-x', '--force', 'a b', 'a\nb', 'a:b', 'a?', 'a*', 'a[b', 'a\\b', 'a^', 'a..b', 'a@{1}', '@', 'a/', 'a//b', 'a.', 'a.lock', 'a/.b'])('refuses %j', (name) => {
    expect(() => assertBranchName(name)).toThrow(InvalidBranchNameError);
  });
});
