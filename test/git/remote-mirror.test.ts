import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createWorktree } from '../../git/create-worktree.js';
import { NotFastForwardError } from '../../git/git-errors.js';
import { RemoteFetchError, RemotePushError, RemoteUrlError } from '../../git/remote-errors.js';
import { deleteRemoteRefs, ensureMirror, fetchMirror, fetchWorkInProgress, mirrorPath, pushBranch, pushDefaultBranch, pushWorkInProgress, useMirrorCredentials } from '../../git/remote-mirror.js';
import { remoteCredentialEnv } from '../../git/remote-credentials.js';
import { InvalidIdError } from '../../model/ids.js';
import { startGitDaemon, makeBareRemote, type GitDaemon } from '../support/git-daemon.js';
import { startGitHttpServer, type GitHttpServer } from '../support/git-http-server.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { commitFiles, git, isolateGitConfig, tipOf } from './test-repo.js';

let dir: string;
let served: string;
let daemon: GitDaemon;
let remote: string;
let remoteUrl: string;
let home: string;
let count = 0;

beforeAll(async () => {
  isolateGitConfig();
  dir = fs.realpathSync(makeTempDir('ringmaster-remote-'));
  served = path.join(dir, 'served');
  daemon = await startGitDaemon(served);
});
afterAll(async () => {
  await daemon.close();
  removeDir(dir);
});
beforeEach(() => {
  count += 1;
  remote = makeBareRemote(served, `app${count}.git`, { 'README.md': '# app\n' });
  remoteUrl = daemon.url(`app${count}.git`);
  home = path.join(dir, `home${count}`);
});
afterEach(() => {
  removeDir(remote);
  removeDir(home);
});

function mirror(projectId = 'proj1'): Promise<string> {
  return ensureMirror({ home, projectId, remoteUrl });
}

/** A clone of the remote standing for another host or a person pushing to it. */
async function otherClone(): Promise<string> {
  const clone = path.join(dir, `clone${count}-${Math.random().toString(36).slice(2)}`);
  await git(dir, 'clone', '--quiet', remoteUrl, clone);
  return clone;
}

function remoteRef(ref: string): Promise<string> {
  return git(remote, 'for-each-ref', '--format=%(objectname)', ref);
}

describe('ensureMirror', () => {
  it('creates a private bare mirror once, with origin fetching branches and ringmaster refs', async () => {
    const created = await mirror();
    expect(created).toBe(mirrorPath(home, 'proj1'));
    expect(created).toBe(path.join(home, 'mirrors', 'proj1.git'));
    expect(await git(created, 'rev-parse', '--is-bare-repository')).toBe('true');
    expect(await git(created, 'config', '--get', 'remote.origin.url')).toBe(remoteUrl);
    expect((await git(created, 'config', '--get-all', 'remote.origin.fetch')).split('\n')).toEqual(['+refs/heads/*:refs/heads/*', '^refs/heads/ringmaster/*', '+refs/ringmaster/*:refs/ringmaster/*']);
    expect(fs.statSync(path.join(home, 'mirrors')).mode & 0o777).toBe(0o700);
    expect(fs.statSync(created).mode & 0o777).toBe(0o700);

    const inode = fs.statSync(created).ino;
    await git(created, 'config', 'ringmaster.marker', 'kept');
    expect(await mirror()).toBe(created);
    expect(fs.statSync(created).ino).toBe(inode);
    expect(await git(created, 'config', '--get', 'ringmaster.marker')).toBe('kept');
  });

  it('lets two concurrent calls both succeed with one mirror and no leftovers', async () => {
    const [a, b] = await Promise.all([mirror(), mirror()]);
    expect(a).toBe(b);
    expect(fs.readdirSync(path.join(home, 'mirrors'))).toEqual(['proj1.git']);
    expect(await git(a ?? '', 'config', '--get', 'remote.origin.url')).toBe(remoteUrl);
  });

  it('points an existing mirror at a changed remote URL', async () => {
    const created = await mirror();
    const moved = `file://${remote}`;
    expect(await ensureMirror({ home, projectId: 'proj1', remoteUrl: moved })).toBe(created);
    expect(await git(created, 'config', '--get', 'remote.origin.url')).toBe(moved);
    expect((await fetchMirror(created)).heads).toEqual({ main: await tipOf(remote, 'main') });
  });

  it('refuses a URL with credentials and an unusable project id, creating nothing', async () => {
    const withPassword = ensureMirror({ home, projectId: 'proj1', remoteUrl: 'https://user:s3cret@example.com/app.git' });
    await expect(withPassword).rejects.toThrow(RemoteUrlError);
    await expect(withPassword).rejects.toThrow(/must not hold credentials/);
    await expect(withPassword).rejects.not.toThrow(/s3cret/);
    await expect(ensureMirror({ home, projectId: '../x', remoteUrl })).rejects.toThrow(InvalidIdError);
    expect(fs.existsSync(home)).toBe(false);
  });
});

describe('fetchMirror', () => {
  it('makes the remote branches the mirror branches and prunes one deleted on the remote', async () => {
    const created = await mirror();
    const clone = await otherClone();
    await git(clone, 'checkout', '--quiet', '-b', 'feature');
    const feature = await commitFiles(clone, { 'feature.txt': 'f\n' });
    await git(clone, 'push', '--quiet', 'origin', 'feature');
    const main = await tipOf(remote, 'main');
    expect((await fetchMirror(created)).heads).toEqual({ main, feature });

    await git(clone, 'push', '--quiet', 'origin', ':feature');
    expect((await fetchMirror(created)).heads).toEqual({ main });
    expect(await git(created, 'for-each-ref', 'refs/heads/feature')).toBe('');
  });

  it('lets fetches of one mirror overlap (git alone would fail them on its ref locks)', async () => {
    const created = await mirror();
    await fetchMirror(created);
    const clone = await otherClone();
    for (let round = 1; round <= 3; round++) {
      const main = await commitFiles(clone, { 'round.txt': `${round}\n` }, `round ${round}`);
      await git(clone, 'push', '--quiet', 'origin', 'main');
      const results = await Promise.all([fetchMirror(created), fetchMirror(created), fetchWorkInProgress(created, 'none1234'), fetchMirror(created)]);
      expect(results.filter((r) => r !== undefined)).toEqual([{ heads: { main } }, { heads: { main } }, { heads: { main } }]);
    }
  });

  it('will not use an origin an agent rewrote to run a command', async () => {
    const created = await mirror();
    await git(created, 'config', 'remote.origin.url', 'ext::sh -c touch% pwned');
    await expect(fetchMirror(created)).rejects.toThrow(RemoteUrlError);
    await git(created, 'config', 'remote.origin.url', remoteUrl);
    await git(created, 'config', `url.ext::sh -c touch% pwned% >&2.insteadOf`, remoteUrl);
    await expect(fetchMirror(created)).rejects.toThrow(/transport 'ext' not allowed/);
    expect(fs.existsSync(path.join(created, 'pwned'))).toBe(false);
  });
});

describe('task branches', () => {
  it('pushes a commit made in a worktree of the mirror as ringmaster/<id>, forced on a re-push', async () => {
    const created = await mirror();
    await fetchMirror(created);
    const worktreePath = path.join(home, 'worktrees', 'task1');
    const branch = 'ringmaster/task1abc';
    const { baseCommit } = await createWorktree({ repoPath: created, worktreePath, branch, baseBranch: 'main' });
    expect(baseCommit).toBe(await tipOf(remote, 'main'));
    const first = await commitFiles(worktreePath, { 'work.txt': 'one\n' }, 'task work');

    await pushBranch(created, { branch, commit: first });
    expect(await remoteRef(`refs/heads/${branch}`)).toBe(first);

    await git(worktreePath, 'commit', '--quiet', '--amend', '-m', 'task work, amended');
    const amended = await git(worktreePath, 'rev-parse', 'HEAD');
    await pushBranch(created, { branch, commit: amended });
    expect(await remoteRef(`refs/heads/${branch}`)).toBe(amended);

    // Fetching neither moves nor prunes the task branch the worktree has checked out.
    await deleteRemoteRefs(created, [`refs/heads/${branch}`]);
    expect(await remoteRef(`refs/heads/${branch}`)).toBe('');
    expect((await fetchMirror(created)).heads).toEqual({ main: baseCommit, [branch]: amended });
    expect(await git(worktreePath, 'status', '--porcelain')).toBe('');
  });

  it('refuses to force any other branch', async () => {
    const created = await mirror();
    await fetchMirror(created);
    const worktreePath = path.join(home, 'worktrees', 'task2');
    await createWorktree({ repoPath: created, worktreePath, branch: 'ringmaster/task2abc', baseBranch: 'main' });
    const first = await commitFiles(worktreePath, { 'a.txt': 'a\n' });
    await pushBranch(created, { branch: 'feature', commit: first });
    await git(worktreePath, 'commit', '--quiet', '--amend', '-m', 'rewritten');
    const rewritten = await git(worktreePath, 'rev-parse', 'HEAD');

    const push = pushBranch(created, { branch: 'feature', commit: rewritten });
    await expect(push).rejects.toThrow(RemotePushError);
    await expect(push).rejects.toThrow(`could not push refs/heads/feature to ${remoteUrl}: [rejected]`);
    expect(await remoteRef('refs/heads/feature')).toBe(first);
  });

  it("refuses to delete refs that are not Ringmaster's and ignores ones already gone", async () => {
    const created = await mirror();
    await expect(deleteRemoteRefs(created, ['refs/heads/main'])).rejects.toThrow(RemotePushError);
    expect(await remoteRef('refs/heads/main')).not.toBe('');
    await deleteRemoteRefs(created, ['refs/heads/ringmaster/gone1234', 'refs/ringmaster/wip/gone1234']);
    await deleteRemoteRefs(created, []);
  });
});

describe('work in progress', () => {
  it('round-trips through the remote to another host, and is gone once deleted', async () => {
    const created = await mirror();
    await fetchMirror(created);
    const worktreePath = path.join(home, 'worktrees', 'wip');
    await createWorktree({ repoPath: created, worktreePath, branch: 'ringmaster/wiptask1', baseBranch: 'main' });
    const wip = await commitFiles(worktreePath, { 'half.txt': 'half done\n' }, 'wip');
    await pushWorkInProgress(created, { taskId: 'wiptask1', commit: wip });
    expect(await remoteRef('refs/ringmaster/wip/wiptask1')).toBe(wip);

    const otherHost = await ensureMirror({ home: path.join(home, 'other-host'), projectId: 'proj1', remoteUrl });
    expect(await fetchWorkInProgress(otherHost, 'wiptask1')).toBe(wip);
    expect(await git(otherHost, 'cat-file', '-t', wip)).toBe('commit');
    expect(await fetchWorkInProgress(otherHost, 'othertask')).toBeUndefined();

    await deleteRemoteRefs(created, ['refs/ringmaster/wip/wiptask1']);
    expect(await fetchWorkInProgress(otherHost, 'wiptask1')).toBeUndefined();
    expect(await git(otherHost, 'for-each-ref', 'refs/ringmaster/')).toBe('');
  });

  it('refuses task ids that cannot be a ref', async () => {
    const created = await mirror();
    const commit = await tipOf(remote, 'main');
    await expect(pushWorkInProgress(created, { taskId: '../main', commit })).rejects.toThrow(InvalidIdError);
    await expect(fetchWorkInProgress(created, '-x')).rejects.toThrow(InvalidIdError);
    await expect(pushWorkInProgress(created, { taskId: 'a..b', commit })).rejects.toThrow(/not a usable branch name/);
  });
});

describe('pushDefaultBranch', () => {
  it('pushes a fast-forward, then reports a push someone made meanwhile as rejected', async () => {
    const created = await mirror();
    const before = (await fetchMirror(created)).heads.main ?? '';
    const worktreePath = path.join(home, 'worktrees', 'merge');
    await createWorktree({ repoPath: created, worktreePath, branch: 'ringmaster/merge1', baseBranch: 'main' });
    const merged = await commitFiles(worktreePath, { 'one.txt': '1\n' }, 'task one');

    expect(await pushDefaultBranch(created, { branch: 'main', from: before, to: merged })).toBe('pushed');
    expect(await tipOf(remote, 'main')).toBe(merged);
    expect(await tipOf(created, 'main')).toBe(merged);
    // A re-run after a crash finds the push already done.
    expect(await pushDefaultBranch(created, { branch: 'main', from: before, to: merged })).toBe('pushed');

    const clone = await otherClone();
    const theirs = await commitFiles(clone, { 'theirs.txt': 'theirs\n' }, 'their push');
    await git(clone, 'push', '--quiet', 'origin', 'main');
    const next = await commitFiles(worktreePath, { 'two.txt': '2\n' }, 'task two');

    expect(await pushDefaultBranch(created, { branch: 'main', from: merged, to: next })).toBe('rejected');
    expect(await tipOf(remote, 'main')).toBe(theirs);
    expect((await fetchMirror(created)).heads.main).toBe(theirs);
  });

  it('refuses a move that is not a fast-forward without pushing', async () => {
    const created = await mirror();
    const before = (await fetchMirror(created)).heads.main ?? '';
    const worktreePath = path.join(home, 'worktrees', 'nonff');
    await createWorktree({ repoPath: created, worktreePath, branch: 'ringmaster/nonff1', baseBranch: 'main' });
    const ahead = await commitFiles(worktreePath, { 'x.txt': 'x\n' });
    await expect(pushDefaultBranch(created, { branch: 'main', from: ahead, to: before })).rejects.toThrow(NotFastForwardError);
    expect(await tipOf(remote, 'main')).toBe(before);
  });
});

describe('an unreachable remote', () => {
  it('fails fast with the URL named, for fetches and pushes alike', async () => {
    // A port that takes connections and hangs up at once, held for the whole test: a daemon just
    // closed freed its port, and another test's daemon could take it and answer.
    const hangUp = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => hangUp.listen(0, '127.0.0.1', resolve));
    const deadUrl = `git://127.0.0.1:${(hangUp.address() as net.AddressInfo).port}/${path.basename(remote)}`;
    await fetchMirror(await mirror());
    const created = await ensureMirror({ home, projectId: 'proj1', remoteUrl: deadUrl });
    const commit = await tipOf(remote, 'main');
    const started = Date.now();

    const fetching = fetchMirror(created);
    await expect(fetching).rejects.toThrow(RemoteFetchError);
    await expect(fetching).rejects.toThrow(`could not fetch from ${deadUrl}: `);
    await expect(fetchWorkInProgress(created, 'task1234')).rejects.toThrow(RemoteFetchError);
    const pushing = pushBranch(created, { branch: 'ringmaster/task1234', commit });
    await expect(pushing).rejects.toThrow(RemotePushError);
    await expect(pushing).rejects.toThrow(`could not push refs/heads/ringmaster/task1234 to ${deadUrl}: `);
    // Not "rejected": nobody won a race, the remote could not be reached.
    await expect(pushDefaultBranch(created, { branch: 'main', from: commit, to: commit })).rejects.toThrow(RemotePushError);
    await expect(deleteRemoteRefs(created, ['refs/ringmaster/wip/task1234'])).rejects.toThrow(RemotePushError);
    expect(Date.now() - started).toBeLessThan(5_000);
    await new Promise((resolve) => hangUp.close(resolve));
  });
});

describe('a remote that asks for a credential', () => {
  const credentials = { user: 'robot', password: 'pa55-word' };
  let httpServer: GitHttpServer;
  let httpRemote: string;
  beforeAll(async () => {
    httpServer = await startGitHttpServer(path.join(dir, 'http-served'), credentials);
  });
  afterAll(async () => {
    await httpServer.close();
  });
  beforeEach(() => {
    makeBareRemote(path.join(dir, 'http-served'), `web${count}.git`, { 'README.md': '# web\n' });
    httpRemote = httpServer.url(`web${count}.git`);
  });

  it('is refused without it, and fetched from and pushed to with the mirror’s credentials', async () => {
    const created = await ensureMirror({ home, projectId: 'web1', remoteUrl: httpRemote });
    await expect(fetchMirror(created)).rejects.toThrow(RemoteFetchError);

    useMirrorCredentials(created, remoteCredentialEnv(httpRemote, 'robot:wrong'));
    await expect(fetchMirror(created)).rejects.toThrow(RemoteFetchError);

    useMirrorCredentials(created, remoteCredentialEnv(httpRemote, `${credentials.user}:${credentials.password}`));
    const { heads } = await fetchMirror(created);
    expect(Object.keys(heads)).toEqual(['main']);
    const worktreePath = path.join(home, 'worktrees', 'web-task');
    await createWorktree({ repoPath: created, worktreePath, branch: 'ringmaster/webtask', baseBranch: 'main' });
    const commit = await commitFiles(worktreePath, { 'page.html': '<p>hi</p>\n' }, 'task work');
    await pushBranch(created, { branch: 'ringmaster/webtask', commit });
    expect(await git(path.join(dir, 'http-served', `web${count}.git`), 'rev-parse', 'refs/heads/ringmaster/webtask')).toBe(commit);
    // The credential went in the header only: neither the mirror's config nor its URL holds it.
    expect(fs.readFileSync(path.join(created, 'config'), 'utf8')).not.toContain(credentials.password);
    expect(httpServer.authorizations).toContain(`Basic ${Buffer.from('robot:pa55-word').toString('base64')}`);

    useMirrorCredentials(created, undefined);
    await expect(fetchMirror(created)).rejects.toThrow(RemoteFetchError);
  });
});
