import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { GitError } from '../../git/git-errors.js';
import { createLauncher, launcherChildScript, useLauncher, type Launcher } from '../../git/launcher.js';
import { runGit } from '../../git/run-git.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { isolateGitConfig, makeRepo } from './test-repo.js';

let dir: string;
beforeAll(isolateGitConfig);
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => removeDir(dir));

// The same behaviour whether git is spawned by this process or by a launcher's (the worker's way).
describe.each([
  ['spawned by this process', false],
  ['spawned by a launcher', true],
])('runGit, %s', (_how, throughLauncher) => {
  let launcher: Launcher | undefined;
  let stopUsingLauncher: (() => void) | undefined;
  beforeAll(() => {
    if (throughLauncher) stopUsingLauncher = useLauncher((launcher = createLauncher(launcherChildScript())));
  });
  afterAll(async () => {
    stopUsingLauncher?.();
    await launcher?.close();
  });

  it('returns the output of a successful command', async () => {
    const repo = await makeRepo(dir);
    const result = await runGit(repo, ['rev-parse', '--abbrev-ref', 'HEAD']);
    expect(result).toEqual({ stdout: 'main', stderr: '', exitCode: 0 });
  });

  it('throws a GitError carrying the arguments, exit code and stderr tail', async () => {
    const repo = await makeRepo(dir);
    const error = await runGit(repo, ['checkout', 'no-such-branch']).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(GitError);
    expect(error).toMatchObject({
      argv: ['checkout', 'no-such-branch'],
      cwd: repo,
      exitCode: 1,
      stderrTail: "error: pathspec 'no-such-branch' did not match any file(s) known to git",
    });
    expect((error as GitError).message).toBe(`git checkout no-such-branch failed (exit 1) in ${repo}: error: pathspec 'no-such-branch' did not match any file(s) known to git`);
  });

  it('treats the exit codes it is told to as answers', async () => {
    const repo = await makeRepo(dir);
    const result = await runGit(repo, ['show-ref', '--verify', '--quiet', 'refs/heads/nope'], { okExitCodes: [1] });
    expect(result.exitCode).toBe(1);
  });

  it('passes arguments and input verbatim, without a shell', async () => {
    const repo = await makeRepo(dir);
    const nasty = '$(touch pwned) `touch pwned` "; touch pwned; \'\n';
    const { stdout: echoed } = await runGit(repo, ['-c', `x.y=${nasty}`, 'config', 'x.y']);
    expect(echoed).toBe(nasty);
    const { stdout: hash } = await runGit(repo, ['hash-object', '--stdin'], { input: nasty });
    const expected = createHash('sha1')
      .update(`blob ${Buffer.byteLength(nasty)}\0${nasty}`)
      .digest('hex');
    expect(hash).toBe(expected);
    expect(fs.existsSync(path.join(repo, 'pwned'))).toBe(false);
  });

  it('ignores GIT_DIR and GIT_WORK_TREE inherited from the environment', async () => {
    const repo = await makeRepo(dir, 'repo');
    const other = await makeRepo(dir, 'other');
    await runGit(other, ['branch', 'only-in-other']);
    process.env.GIT_DIR = path.join(other, '.git');
    process.env.GIT_WORK_TREE = other;
    try {
      const { exitCode } = await runGit(repo, ['show-ref', '--verify', '--quiet', 'refs/heads/only-in-other'], { okExitCodes: [1] });
      expect(exitCode).toBe(1);
    } finally {
      delete process.env.GIT_DIR;
      delete process.env.GIT_WORK_TREE;
    }
  });

  it('throws a GitError without exit code when git cannot run in the folder', async () => {
    const error = await runGit(path.join(dir, 'missing'), ['status']).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(GitError);
    expect((error as GitError).exitCode).toBeUndefined();
  });
});
