import { describe, expect, it } from '@jest/globals';
import { buildHistoryFeatures, cleanMessage, MAX_FILES_PER_COMMIT } from '../../../enrich/retrieval/history-features.js';
import type { FileChange, HistoryCommit } from '../../../enrich/retrieval/parse-git-log.js';

function commit(sha: string, changes: FileChange[], message = sha): HistoryCommit {
  return { sha, time: 0, parents: [], message, changes };
}

describe('buildHistoryFeatures', () => {
  it('follows renames so a file keeps the history of its former names', () => {
    const history = [
      commit('3', [
        { status: 'M', path: 'lib/new.js' },
        { status: 'M', path: 'lib/b.js' },
      ]),
      commit('2', [{ status: 'R', path: 'lib/new.js', from: 'lib/old.js' }]),
      commit('1', [
        { status: 'M', path: 'lib/old.js' },
        { status: 'M', path: 'test/x.test.js' },
      ]),
    ];
    const features = buildHistoryFeatures(history, new Set(['lib/new.js', 'lib/b.js']));
    expect(features.commits.map((c) => c.sha)).toEqual(['3', '2', '1']);
    expect(features.filesOf).toEqual([['lib/b.js', 'lib/new.js'], ['lib/new.js'], ['lib/new.js']]);
    expect(features.commitsOf.get('lib/new.js')).toEqual([0, 1, 2]);
    expect(features.commitsOf.get('lib/b.js')).toEqual([0]);
  });

  it('leaves out sweeping commits and commits touching no source file', () => {
    const many = Array.from({ length: MAX_FILES_PER_COMMIT + 1 }, (_, i) => ({ status: 'M', path: `f${i}.js` }));
    const features = buildHistoryFeatures([commit('big', many), commit('docs', [{ status: 'M', path: 'README.md' }])], new Set(many.map((c) => c.path)));
    expect(features.commits).toEqual([]);
  });

  it('builds message documents from cleaned messages', () => {
    const features = buildHistoryFeatures([commit('1', [{ status: 'M', path: 'a.js' }], 'Fix hooks (#42)\n\nSigned-off-by: A <a@b.c>')], new Set(['a.js']));
    expect([...features.messageDocuments()[0]!.terms.keys()]).toEqual(['fix', 'hook']);
  });
});

describe('cleanMessage', () => {
  it.each([
    ['Fix prefix route options url (#6719)\n\nCo-authored-by: J <j@x.y>', 'Fix prefix route options url'],
    ['update files  \r\n\r\n* update hook\r\n* upgrade pip', 'update files\n\n* update hook\n* upgrade pip'],
    ['Clarify X\n\nCloses #123', 'Clarify X'],
    ['see #12 in https://example.com/x for details', 'see in for details'],
    ['fix: a (gh-7)\n\n\n\nbody\n(cherry picked from commit abc)', 'fix: a\n\nbody'],
  ])('%j → %j', (message, cleaned) => {
    expect(cleanMessage(message)).toBe(cleaned);
  });
});
