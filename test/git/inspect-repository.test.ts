import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { InvalidRepositoryError, type InvalidRepositoryReason } from '../../git/git-errors.js';
import { inspectRepository } from '../../git/inspect-repository.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { git, isolateGitConfig, makeRepo } from './test-repo.js';

let dir: string;
beforeAll(isolateGitConfig);
beforeEach(() => {
  dir = fs.realpathSync(makeTempDir());
});
afterEach(() => removeDir(dir));

async function rejection(repoPath: string): Promise<InvalidRepositoryError> {
  const error = await inspectRepository(repoPath).catch((err: unknown) => err);
  expect(error).toBeInstanceOf(InvalidRepositoryError);
  return error as InvalidRepositoryError;
}

async function expectRejected(repoPath: string, reason: InvalidRepositoryReason, message: string): Promise<void> {
  const error = await rejection(repoPath);
  expect({ reason: error.reason, message: error.message, repoPath: error.repoPath }).toEqual({ reason, message, repoPath });
}

describe('inspectRepository', () => {
  it('describes a repository on a branch', async () => {
    const repo = await makeRepo(dir);
    const head = await git(repo, 'rev-parse', 'HEAD');
    expect(await inspectRepository(repo)).toEqual({ topLevel: repo, bare: false, headBranch: 'main', headCommit: head });
  });

  it('names the top level when given a folder inside the working tree', async () => {
    const repo = await makeRepo(dir);
    fs.mkdirSync(path.join(repo, 'src'));
    expect((await inspectRepository(path.join(repo, 'src'))).topLevel).toBe(repo);
  });

  it('has no head branch when HEAD is detached', async () => {
    const repo = await makeRepo(dir);
    await git(repo, 'checkout', '--quiet', '--detach');
    const info = await inspectRepository(repo);
    expect(info.headBranch).toBeUndefined();
    expect(info.headCommit).toBe(await git(repo, 'rev-parse', 'HEAD'));
  });

  it('accepts a bare repository', async () => {
    const repo = await makeRepo(dir);
    await git(dir, 'clone', '--quiet', '--bare', repo, 'bare.git');
    const info = await inspectRepository(path.join(dir, 'bare.git'));
    expect(info).toEqual({ topLevel: path.join(dir, 'bare.git'), bare: true, headBranch: 'main', headCommit: await git(repo, 'rev-parse', 'HEAD') });
  });

  it('refuses a relative path', async () => {
    await expectRejected('projects/demo', 'not-absolute', "must be an absolute path, got 'projects/demo'");
  });

  it('refuses a path that does not exist', async () => {
    const missing = path.join(dir, 'missing');
    await expectRejected(missing, 'not-found', `${missing} does not exist`);
  });

  it('refuses a file', async () => {
    const file = path.join(dir, 'file.txt');
    fs.writeFileSync(file, 'x');
    await expectRejected(file, 'not-a-directory', `${file} is not a directory`);
  });

  it('refuses a folder outside any repository', async () => {
    const plain = path.join(dir, 'plain');
    fs.mkdirSync(plain);
    // Keeps git from finding a repository above the temp dir.
    process.env.GIT_CEILING_DIRECTORIES = dir;
    try {
      await expectRejected(plain, 'not-a-repository', `${plain} is not a git repository`);
    } finally {
      delete process.env.GIT_CEILING_DIRECTORIES;
    }
  });

  it('refuses a repository without commits', async () => {
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    await git(empty, 'init', '--quiet', '-b', 'main');
    await expectRejected(empty, 'no-commits', `${empty} has no commits yet on branch 'main'; make a first commit, then try again`);
  });
});
