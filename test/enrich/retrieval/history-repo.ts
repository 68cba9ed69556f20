import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '../../support/temp-dir.js';

/** One commit of a test history: files to write (null deletes) and the message. */
export interface TestCommit {
  message: string;
  files: Record<string, string | Buffer | null>;
  /** Symlinks to create: link path → target. */
  links?: Record<string, string>;
}

/** Runs git in `dir` with a fixed identity and dates; returns its trimmed output. Throws when git fails. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@ringmaster.invalid', ...args], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z' },
  })
    .toString()
    .trim();
}

/**
 * Creates a repository in a temp dir with one commit per entry (on `main`) and returns its path
 * and the commit ids, oldest first; remove it with `removeDir`.
 */
export function makeHistoryRepo(commits: readonly TestCommit[]): { dir: string; shas: string[] } {
  const dir = makeTempDir('ringmaster-retrieval-');
  git(dir, 'init', '--quiet', '--initial-branch=main');
  const shas: string[] = [];
  for (const commit of commits) {
    for (const [file, content] of Object.entries(commit.files)) {
      const full = path.join(dir, file);
      if (content === null) fs.rmSync(full, { force: true });
      else {
        fs.mkdirSync(path.dirname(full), { recursive: true });
        fs.writeFileSync(full, content);
      }
    }
    for (const [link, target] of Object.entries(commit.links ?? {})) {
      fs.mkdirSync(path.dirname(path.join(dir, link)), { recursive: true });
      fs.symlinkSync(target, path.join(dir, link));
    }
    git(dir, 'add', '--all');
    git(dir, 'commit', '--quiet', '--allow-empty', '-m', commit.message);
    shas.push(git(dir, 'rev-parse', 'HEAD'));
  }
  return { dir, shas };
}
