import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from './paths.js';

/** The running build: package version and the git commit it was built from. */
export interface BuildInfo {
  version: string;
  commit: string;
}

let cached: BuildInfo | undefined;

function releaseMarkerCommit(root: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(root, '.ringmaster-release.json'), 'utf8')) as { commit?: string }).commit;
  } catch {
    return undefined;
  }
}

/**
 * Returns the package version and commit. The commit comes from RINGMASTER_COMMIT when set, else
 * from the release marker when this code runs from a release directory, else from the checkout's
 * HEAD, else "unknown" (an installed tarball has no .git).
 */
export function buildInfo(env: Readonly<Record<string, string | undefined>> = process.env): BuildInfo {
  if (cached) return cached;
  const root = packageRoot();
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  let commit = env.RINGMASTER_COMMIT ?? releaseMarkerCommit(root) ?? 'unknown';
  if (commit === 'unknown') {
    try {
      commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      // Not a git checkout, or git missing: the version alone identifies the build.
    }
  }
  cached = { version, commit };
  return cached;
}
