import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { GitError } from '../../../git/git-errors.js';
import { readRecentCommits } from '../../../enrich/layers/read-recent-commits.js';
import { makeTempDir, removeDir } from '../../support/temp-dir.js';
import { commitFiles, git, isolateGitConfig, makeRepo } from '../../git/test-repo.js';

let dir: string;
beforeAll(isolateGitConfig);
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => removeDir(dir));

describe('readRecentCommits', () => {
  it('lists the commits touching the paths at the given commit, newest first, with their stats', async () => {
    const repo = await makeRepo(dir);
    await commitFiles(repo, { 'src/a.ts': 'one\ntwo\n' }, 'Add a');
    await commitFiles(repo, { 'src/b.ts': 'b\n' }, 'Add b');
    const third = await commitFiles(repo, { 'src/a.ts': 'one\n2\nthree\n', 'src/c.ts': 'c\n' }, 'Change a and add c');
    await commitFiles(repo, { 'src/a.ts': 'later\n' }, 'Later change');

    const commits = await readRecentCommits({ repoDir: repo, commit: third, paths: ['src/a.ts'] });
    expect(commits.map((c) => c.subject)).toEqual(['Change a and add c', 'Add a']);
    expect(commits[0]).toMatchObject({ filesChanged: 2, insertions: 3, deletions: 1 });
    expect(commits[0]!.sha).toBe(third.slice(0, commits[0]!.sha.length));
    expect(commits[0]!.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('lists the whole history without paths, up to the limit, and takes paths literally', async () => {
    const repo = await makeRepo(dir);
    await commitFiles(repo, { 'x*.txt': 'star\n' }, 'Odd name');
    await commitFiles(repo, { 'xy.txt': 'y\n' }, 'Plain name');
    expect((await readRecentCommits({ repoDir: repo, commit: 'HEAD', paths: [], limit: 2 })).map((c) => c.subject)).toEqual(['Plain name', 'Odd name']);
    expect((await readRecentCommits({ repoDir: repo, commit: 'main', paths: ['x*.txt'] })).map((c) => c.subject)).toEqual(['Odd name']);
    expect(await readRecentCommits({ repoDir: repo, commit: 'HEAD', paths: ['missing.ts'] })).toEqual([]);
    expect(await readRecentCommits({ repoDir: repo, commit: 'HEAD', paths: [], limit: 0 })).toEqual([]);
  });

  it('reads a bare repository', async () => {
    const repo = await makeRepo(dir);
    await commitFiles(repo, { 'a.txt': 'a\n' }, 'Add a');
    const bare = path.join(dir, 'bare.git');
    await git(dir, 'clone', '--quiet', '--bare', repo, bare);
    expect((await readRecentCommits({ repoDir: bare, commit: 'main', paths: ['a.txt'] })).map((c) => c.subject)).toEqual(['Add a']);
  });

  it('gives nothing for an empty repository or a commit that does not resolve', async () => {
    const empty = path.join(dir, 'empty');
    await git(dir, 'init', '--quiet', '-b', 'main', empty);
    expect(await readRecentCommits({ repoDir: empty, commit: 'HEAD', paths: ['a.txt'] })).toEqual([]);
    const repo = await makeRepo(dir);
    expect(await readRecentCommits({ repoDir: repo, commit: 'no-such-branch', paths: [] })).toEqual([]);
    expect(await readRecentCommits({ repoDir: repo, commit: '--all', paths: [] })).toEqual([]);
    expect(await readRecentCommits({ repoDir: repo, commit: '0123456789abcdef0123456789abcdef01234567', paths: [] })).toEqual([]);
  });

  it('throws a GitError for a full commit id outside a repository too', async () => {
    await expect(readRecentCommits({ repoDir: dir, commit: '0123456789abcdef0123456789abcdef01234567', paths: [] })).rejects.toBeInstanceOf(GitError);
  });

  it('throws a GitError outside a repository', async () => {
    await expect(readRecentCommits({ repoDir: dir, commit: 'HEAD', paths: [] })).rejects.toBeInstanceOf(GitError);
  });
});
