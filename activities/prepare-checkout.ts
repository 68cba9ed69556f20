import { ApplicationFailure, log } from '@temporalio/activity';
import fs from 'node:fs';
import path from 'node:path';
import { excludeLocally } from '../git/exclude-locally.js';
import { FailureType } from '../model/failure-types.js';
import { checkRepoPath } from '../model/repo-paths.js';
import { linkSharedPaths } from '../release/link-shared-paths.js';
import { runCommandInActivity } from './process-in-activity.js';

/** What a fresh checkout of a project needs before anything runs in it. */
export interface CheckoutPreparation {
  repoPath: string;
  dir: string;
  copyFiles: readonly string[];
  linkFiles: readonly string[];
  setupCommand: readonly string[] | null;
  /** Files to keep out of commits in this checkout (an agent CLI's own files). */
  exclude: readonly string[];
  setupLog: string;
}

/**
 * Prepares a worktree of a project the way its users set it up: copies the git-ignored files it
 * needs (e.g. .env), symlinks shared ones (e.g. node_modules), keeps both and the agent's own
 * files out of commits, and runs the setup command (e.g. npm ci). A failing setup fails the
 * activity for good, with the end of its output.
 */
export async function prepareCheckout(prep: CheckoutPreparation): Promise<void> {
  // Projects stored before these paths were checked may hold one pointing into .git or outside.
  for (const file of [...prep.copyFiles, ...prep.linkFiles]) {
    const checked = checkRepoPath(file);
    if (!checked.ok) throw ApplicationFailure.create({ message: `copyFiles/linkFiles: ${checked.problem}`, type: FailureType.setupFailed, nonRetryable: true });
  }
  for (const file of prep.copyFiles) {
    const from = path.join(prep.repoPath, file);
    if (!fs.existsSync(from)) {
      log.warn('copyFiles: not found in the repository, skipped', { file });
      continue;
    }
    fs.mkdirSync(path.dirname(path.join(prep.dir, file)), { recursive: true });
    fs.cpSync(from, path.join(prep.dir, file), { recursive: true });
  }
  const missing = linkSharedPaths(prep.repoPath, prep.dir, prep.linkFiles);
  if (missing.length) log.warn('linkFiles: not found in the repository, skipped', { missing });
  // Copied files (a .env) and linked ones never go into a commit.
  await excludeLocally(prep.dir, [...prep.exclude, ...[...prep.linkFiles, ...prep.copyFiles].map((file) => `/${file}`)]);
  if (!prep.setupCommand) return;
  const result = await runCommandInActivity({ what: 'setup command', argv: prep.setupCommand, cwd: prep.dir, logFile: prep.setupLog });
  if (!result.ok) throw ApplicationFailure.create({ message: result.failure, type: FailureType.setupFailed, nonRetryable: true });
}
