import fs from 'node:fs';
import path from 'node:path';
import { apiBaseUrl, type Settings } from '../config/settings.js';
import { inspectRepository } from '../git/inspect-repository.js';
import { branchTip, currentBranch } from '../git/read-refs.js';
import { newId } from '../model/ids.js';
import { DEFAULT_PROMPT_SETTINGS } from '../model/prompt-settings.js';
import { ReloadStatus, ReloadStep, ReloadTrigger } from '../model/reload.js';
import { readCurrent, switchCurrent } from '../release/current-release.js';
import { exportCommit } from '../release/export-commit.js';
import { buildReleaseDir } from '../release/build-release-dir.js';
import { projectPaths } from '../config/paths.js';
import type { Store } from '../store/create-store.js';
import type { Project } from '../store/project-repository.js';

/** The project name Ringmaster registers itself under. */
export const SELF_PROJECT_NAME = 'ringmaster';

/** Thrown when self-hosting cannot start (no release can be built, the name is taken). */
export class SelfHostingError extends Error {
  override readonly name = 'SelfHostingError';
}

/** The CLI entry of a release directory. */
export function releaseEntry(dir: string): string {
  return path.join(dir, 'dist', 'cli', 'main.js');
}

/**
 * Registers Ringmaster's own repository (`repoPath`) as the self project, or brings its settings
 * up to date: tests with `testCommand` (default: the README's `npm test`), builds releases with
 * `npm run build` sharing the checkout's node_modules, reloads by a rolling restart, checks
 * `/health` of this API.
 */
export async function registerSelf(store: Store, settings: Settings, repoPath: string, testCommand: string[] | undefined): Promise<Project> {
  const healthUrl = `${apiBaseUrl({ ...settings, host: ['0.0.0.0', '::'].includes(settings.host) ? '127.0.0.1' : settings.host })}/health`;
  const repo = await inspectRepository(repoPath).catch((err: Error) => {
    throw new SelfHostingError(`--self: ${err.message}`);
  });
  repoPath = repo.topLevel;
  const existing = store.projects.list().find((p) => p.self);
  const fields = {
    healthUrl,
    buildCommand: ['npm', 'run', 'build'],
    reloadCommand: null,
    linkFiles: ['node_modules'],
    ...(testCommand ? { testCommand } : {}),
  };
  if (existing) return store.projects.update(existing.id, { ...fields, repoPath })!;
  if (store.projects.find(SELF_PROJECT_NAME)) {
    throw new SelfHostingError(`a project named "${SELF_PROJECT_NAME}" exists and is not Ringmaster itself; rename it first`);
  }
  const defaultBranch = await currentBranch(repoPath);
  if (!defaultBranch) throw new SelfHostingError(`${repoPath} has a detached HEAD: check out Ringmaster's default branch first`);
  return store.projects.create({
    id: newId(),
    name: SELF_PROJECT_NAME,
    repoPath,
    defaultBranch,
    testCommand: testCommand ?? ['npm', 'test'],
    setupCommand: null,
    copyFiles: [],
    agent: 'claude-code',
    maxIterations: 5,
    maxConcurrentTasks: null,
    budgetUsd: null,
    watch: false,
    self: true,
    lintCommand: ['npm', 'run', 'lint'],
    prompt: DEFAULT_PROMPT_SETTINGS,
    ...fields,
  });
}

/**
 * Returns the release directory Ringmaster runs from: the current release of the self project,
 * or, on the first start, one built now from the tip of its default branch (a bootstrap release,
 * recorded as a reload). Never runs code from the working tree agents edit. `say` reports progress.
 */
export async function ensureSelfRelease(store: Store, home: string, project: Project, say: (line: string) => void): Promise<string> {
  const paths = projectPaths(home, project.name);
  const current = readCurrent(paths.current);
  if (current && fs.existsSync(releaseEntry(current))) return current;
  const commit = await branchTip(project.repoPath, project.defaultBranch);
  if (!commit) throw new SelfHostingError(`${project.repoPath} has no branch ${project.defaultBranch}`);
  const dir = paths.release(commit);
  const logFile = paths.releaseLog(commit, 'build');
  const startedAt = new Date().toISOString();
  say(`Building Ringmaster's first release (${commit.slice(0, 12)}) in ${dir} ...`);
  await exportCommit({ repoPath: project.repoPath, commit, dir });
  const built = await buildReleaseDir({
    dir,
    commit,
    projectName: project.name,
    linkFrom: project.repoPath,
    linkFiles: project.linkFiles,
    buildCommand: project.buildCommand ?? ['npm', 'run', 'build'],
    logFile,
  });
  if (!built.ok) throw new SelfHostingError(`building the first release failed (see ${logFile}): ${built.failure}`);
  if (!fs.existsSync(releaseEntry(dir))) throw new SelfHostingError(`building the first release made no ${releaseEntry(dir)} (see ${logFile})`);
  switchCurrent(paths.current, dir);
  store.reloads.setReleases(project.id, { current: commit, lastGood: commit });
  const reloadId = `bootstrap-${commit.slice(0, 12)}-${newId()}`;
  store.reloads.start({ id: reloadId, projectId: project.id, workflowId: reloadId, trigger: ReloadTrigger.bootstrap, taskId: null, fromCommit: null, toCommit: commit });
  store.reloads.recordStep(reloadId, { name: ReloadStep.build, status: 'ok', startedAt, finishedAt: new Date().toISOString(), detail: `built in ${dir}` });
  store.reloads.finish(reloadId, { status: ReloadStatus.deployed, error: null, revertCommit: null });
  return dir;
}
