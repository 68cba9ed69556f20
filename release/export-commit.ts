import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { RELEASE_MARKER } from './release-paths.js';

/** Thrown when a commit cannot be exported into a release directory. */
export class ReleaseExportError extends Error {
  override readonly name = 'ReleaseExportError';
}

/** Writes the files of a commit into an empty directory (from a repository, or a control plane's archive). */
export type CommitExtractor = (staging: string) => Promise<void>;

/**
 * Writes the files of `commit` into `dir` with `extract`, then the release marker, via a
 * temporary directory renamed into place: a finished release directory is never half written.
 * Idempotent: an existing release directory is kept. Returns true when it exported, false when
 * the release already existed. Throws ReleaseExportError naming `from` when the extract fails.
 */
export async function exportRelease(input: { commit: string; dir: string; from: string; extract: CommitExtractor }): Promise<boolean> {
  const { commit, dir } = input;
  if (fs.existsSync(path.join(dir, RELEASE_MARKER))) return false;
  fs.rmSync(dir, { recursive: true, force: true });
  const staging = `${dir}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  try {
    await input.extract(staging);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    const detail = (err as { stderr?: string; shortMessage?: string }).stderr || (err as Error).message;
    throw new ReleaseExportError(`cannot export ${commit} of ${input.from}: ${String(detail).trim().split('\n').slice(-3).join(' | ')}`, { cause: err });
  }
  fs.writeFileSync(path.join(staging, RELEASE_MARKER), `${JSON.stringify({ commit, exportedAt: new Date().toISOString() }, null, 2)}\n`);
  fs.renameSync(staging, dir);
  return true;
}

/** `exportRelease` from a repository on this machine: `git archive | tar -x` (argv arrays, no shell). */
export async function exportCommit(input: { repoPath: string; commit: string; dir: string }): Promise<boolean> {
  const { repoPath, commit } = input;
  return exportRelease({
    ...input,
    from: repoPath,
    extract: async (staging) => {
      await execa('git', ['archive', '--format=tar', commit], { cwd: repoPath }).pipe('tar', ['-x', '-f', '-', '-C', staging]);
    },
  });
}
