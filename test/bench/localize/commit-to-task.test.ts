import { describe, expect, it } from '@jest/globals';
import { commitToTask } from '../../../bench/localize/commit-to-task.js';
import type { FileChange, HistoryCommit } from '../../../enrich/retrieval/parse-git-log.js';

function commit(changes: FileChange[], message = 'fix: keep the reply headers (#42)\n\nSigned-off-by: A <a@b.c>', parents = ['p']): HistoryCommit {
  return { sha: 'c', time: 1_700_000_000, parents, message, changes };
}
const none = (): boolean => false;

describe('commitToTask', () => {
  it('makes a task from a commit: cleaned message, source files apart from tests and docs', () => {
    const task = commitToTask(
      'o/r',
      commit([
        { status: 'M', path: 'lib/reply.js' },
        { status: 'A', path: 'lib/new.js' },
        { status: 'M', path: 'test/reply.test.js' },
        { status: 'M', path: 'docs/Reply.md' },
        { status: 'M', path: 'lib/config-validator.js' },
      ]),
      (change) => change.path === 'lib/config-validator.js',
    );
    expect(task).toEqual({
      repo: 'o/r',
      commit: 'c',
      parent: 'p',
      date: '2023-11-14T22:13:20.000Z',
      task: 'fix: keep the reply headers',
      files: ['lib/new.js', 'lib/reply.js'],
      test_files: ['test/reply.test.js'],
      file_status: { 'lib/reply.js': 'M', 'lib/new.js': 'A' },
      other_files: ['docs/Reply.md', 'lib/config-validator.js'],
    });
  });

  it.each([
    ['a merge', commit([{ status: 'M', path: 'a.js' }], 'merge it now', ['p', 'q'])],
    ['a root commit', commit([{ status: 'M', path: 'a.js' }], 'first commit here', [])],
    ['a short message', commit([{ status: 'M', path: 'a.js' }], 'wip (#1)')],
    ['no source file', commit([{ status: 'M', path: 'README.md' }])],
    ['only added files', commit([{ status: 'A', path: 'a.js' }])],
    ['too many files', commit(['a', 'b', 'c', 'd', 'e', 'f'].map((name) => ({ status: 'M', path: `${name}.js` })))],
  ])('makes no task from %s', (_, input) => {
    expect(commitToTask('o/r', input, none)).toBeUndefined();
  });
});
