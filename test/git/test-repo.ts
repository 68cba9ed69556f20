import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';

/** Keeps the machine's git config out of the tests (and proves the code needs none). */
const ISOLATED_CONFIG = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

/** Identity of commits the tests make themselves, as a user would. */
const USER = { GIT_AUTHOR_NAME: 'Test User', GIT_AUTHOR_EMAIL: 'user@example.com', GIT_COMMITTER_NAME: 'Test User', GIT_COMMITTER_EMAIL: 'user@example.com' };

/** Makes git started by the code under test ignore the machine's global and system config. */
export function isolateGitConfig(): void {
  Object.assign(process.env, ISOLATED_CONFIG);
  for (const name of Object.keys(USER)) delete process.env[name];
}

/** Runs git as the test's user would and returns stdout; throws on failure. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await execa('git', args, { cwd, env: { ...ISOLATED_CONFIG, ...USER, LC_ALL: 'C' } });
  return stdout;
}

/** Writes `files` (relative path → content) under `dir`, creating folders. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
}

/** Writes `files`, commits them all and returns the new commit. */
export async function commitFiles(cwd: string, files: Record<string, string>, message = 'change'): Promise<string> {
  writeFiles(cwd, files);
  await git(cwd, 'add', '--all');
  await git(cwd, 'commit', '--quiet', '-m', message);
  return git(cwd, 'rev-parse', 'HEAD');
}

/** Creates `<parent>/<name>` as a repository on `main` with one commit of README.md and app.txt; returns its path. */
export async function makeRepo(parent: string, name = 'repo'): Promise<string> {
  const repo = path.join(parent, name);
  fs.mkdirSync(repo, { recursive: true });
  await git(repo, 'init', '--quiet', '-b', 'main');
  await commitFiles(repo, { 'README.md': '# demo\n', 'app.txt': 'line 1\nline 2\nline 3\n' }, 'initial');
  return repo;
}

/** The tip of branch `branch`. */
export function tipOf(repo: string, branch: string): Promise<string> {
  return git(repo, 'rev-parse', `refs/heads/${branch}`);
}
