import { ApplicationFailure } from '@temporalio/activity';
import fs from 'node:fs';
import path from 'node:path';
import { branchTip } from '../git/read-refs.js';
import { fetchMirror, pushDefaultBranch } from '../git/remote-mirror.js';
import { settingsToEnv } from '../config/settings.js';
import { restoreContent } from '../git/restore-content.js';
import { FailureType, ReleaseFailure } from '../model/failure-types.js';
import { HEALTH_CHECK_SECONDS, type ReleaseSettings } from '../model/reload.js';
import { ensureInstallToken } from '../access/install-token.js';
import { RevertConflictError } from '../git/git-errors.js';
import { revertRange } from '../git/revert-range.js';
import { checkHealth } from '../release/check-health.js';
import { readCurrent, switchCurrent } from '../release/current-release.js';
import { exportCommit, exportRelease, ReleaseExportError } from '../release/export-commit.js';
import { ArchiveTransferError } from '../host-link/fetch-release-archive.js';
import { packageRoot, projectPaths } from '../config/paths.js';
import { buildReleaseDir, releaseEnv } from '../release/build-release-dir.js';
import { requestRollingRestart } from '../ipc/supervisor-channel.js';
import { runCommandInActivity } from './process-in-activity.js';
import { readLogTail } from '../process/read-log-tail.js';
import type { HostDeps } from './worktree-activities.js';

const fail = (type: string, message: string) => ApplicationFailure.create({ message, type, nonRetryable: true });

/** Runs one of the project's commands in a release directory; throws `type` with its failure when it fails. */
async function runReleaseCommand(argv: readonly string[], dir: string, logFile: string, env: Record<string, string>, type: string, what: string): Promise<void> {
  const result = await runCommandInActivity({ what, argv, cwd: dir, env, logFile });
  if (!result.ok) throw fail(type, result.failure);
}

/**
 * For a project backed by a remote, pushes the default branch's move `from` → `to` (a revert made in
 * this host's mirror); someone else's push in between fails the attempt retryably (it is made again
 * on the new tip). Nothing to do for a local checkout: the branch moved in place.
 */
async function publish(project: ReleaseSettings, from: string | undefined, to: string): Promise<void> {
  if (!project.remote || !from) return;
  if ((await pushDefaultBranch(project.repoPath, { branch: project.defaultBranch, from, to })) === 'rejected') {
    await fetchMirror(project.repoPath);
    throw ApplicationFailure.create({ message: `${project.defaultBranch} moved on the remote while the rollback was made; making it again`, type: FailureType.gitFailed });
  }
}

/** Builds the hot reload's activities of one host: releases, activation, health, and restoring the default branch. */
export function createReleaseActivities(deps: HostDeps) {
  const logFile = (project: ReleaseSettings, commit: string, step: string) => projectPaths(deps.home, project.projectName).releaseLog(commit, step);

  return {
    /**
     * Builds a release directory for `commit`: its files (git archive of the checkout or mirror, or
     * on a host worker of a checkout project, the control plane's archive), the shared paths linked
     * in, then the project's build command there. Idempotent: a finished export is reused and the
     * build runs again only if it had not succeeded. Returns the directory.
     */
    async buildRelease({ project, commit }: { project: ReleaseSettings; commit: string }): Promise<{ dir: string }> {
      const dir = projectPaths(deps.home, project.projectName).release(commit);
      // A host worker has a mirror of a project with a remote, and nothing of a checkout on the control plane's machine.
      const fromControlPlane = deps.releaseArchives && !project.remote;
      try {
        if (fromControlPlane) await exportRelease({ commit, dir, from: 'the control plane', extract: deps.releaseArchives!(project.projectId, commit) });
        else await exportCommit({ repoPath: project.repoPath, commit, dir });
      } catch (err) {
        // An archive that did not come through is tried again (the activity's retries); a refusal or a bad commit is final.
        if (err instanceof ReleaseExportError && !(err.cause instanceof ArchiveTransferError)) throw fail(ReleaseFailure.build, err.message);
        throw err;
      }
      // Shared paths come from the checkout; on a host worker, Ringmaster's come from its own install.
      const built = await buildReleaseDir({
        dir,
        commit,
        projectName: project.projectName,
        linkFrom: fromControlPlane ? (project.self ? packageRoot() : undefined) : project.repoPath,
        linkFiles: project.linkFiles,
        buildCommand: project.buildCommand,
        logFile: logFile(project, commit, 'build'),
        run: runCommandInActivity,
      });
      if (!built.ok) throw fail(ReleaseFailure.build, built.failure);
      return { dir };
    },

    /** Removes a release directory unless it serves or is the last good one. */
    async discardRelease({ project, commit, keep }: { project: ReleaseSettings; commit: string; keep: (string | null)[] }): Promise<void> {
      const paths = projectPaths(deps.home, project.projectName);
      const dir = paths.release(commit);
      if (readCurrent(paths.current) === dir || keep.includes(commit)) return;
      fs.rmSync(dir, { recursive: true, force: true });
    },

    /**
     * Ringmaster only: replays the running and recently closed Ringmaster workflows against the new
     * release's workflow code (its own `replay-check`), and rejects it when one would break.
     */
    async replayGate({ project, commit }: { project: ReleaseSettings; commit: string }): Promise<{ detail: string }> {
      const dir = projectPaths(deps.home, project.projectName).release(commit);
      const out = logFile(project, commit, 'replay');
      const env = { ...settingsToEnv({ ...deps.settings, home: deps.home }), ...releaseEnv(project.projectName, dir, commit) };
      await runReleaseCommand([process.execPath, path.join(dir, 'dist', 'cli', 'main.js'), 'replay-check', '--hours', '24'], dir, out, env, ReleaseFailure.replay, 'replay gate');
      return { detail: readLogTail(out, 3, 500) };
    },

    /**
     * Makes `commit` the project's serving release: switches the `current` link atomically, then
     * reloads — Ringmaster itself by a rolling restart of its API and worker (no downtime), any
     * other project with its reload command run in the release directory.
     */
    async activateRelease({ project, commit }: { project: ReleaseSettings; commit: string }): Promise<void> {
      const paths = projectPaths(deps.home, project.projectName);
      const dir = paths.release(commit);
      if (!fs.existsSync(dir)) throw fail(ReleaseFailure.reload, `release ${commit} is not built (${dir} is missing)`);
      switchCurrent(paths.current, dir);
      if (project.self) {
        try {
          await requestRollingRestart(path.join(dir, 'dist', 'cli', 'main.js'), commit);
        } catch (err) {
          throw fail(ReleaseFailure.reload, (err as Error).message);
        }
      } else if (project.reloadCommand) {
        await runReleaseCommand(project.reloadCommand, dir, logFile(project, commit, 'reload'), releaseEnv(project.projectName, dir, commit), ReleaseFailure.reload, 'reload command');
      }
    },

    /**
     * Asks the project's health URL until it is healthy (for Ringmaster: serving `commit`), for at
     * most its `healthCheckSeconds`; throws when it never is.
     */
    async checkReleaseHealth({ project, commit }: { project: ReleaseSettings; commit: string }): Promise<{ detail: string }> {
      const url = project.healthUrl;
      if (!url) return { detail: 'no health URL' };
      const seconds = project.healthCheckSeconds ?? HEALTH_CHECK_SECONDS.default;
      // Ringmaster's own /health tells its commit only to a token holder; no other project ever gets the token.
      const self = project.self ? { expectCommit: commit, headers: { authorization: `Bearer ${ensureInstallToken(deps.home, deps.settings.apiToken)}` } } : {};
      const result = await checkHealth(url, { withinMs: seconds * 1000, ...self });
      if (!result.ok) throw fail(ReleaseFailure.health, `health check failed after ${result.attempts} attempt(s) in ${seconds} s: ${result.detail}`);
      return { detail: result.detail };
    },

    /** Puts the last good content back on the default branch with a revert commit; returns it (undefined when nothing changed). */
    async restoreDefaultBranch({ project, goodCommit, badCommit }: { project: ReleaseSettings; goodCommit: string; badCommit: string }): Promise<{ revertCommit: string | null }> {
      const tip = await branchTip(project.repoPath, project.defaultBranch);
      const revert = await restoreContent({
        repoPath: project.repoPath,
        branch: project.defaultBranch,
        goodCommit,
        message: `Roll back to ${goodCommit.slice(0, 12)}: release ${badCommit.slice(0, 12)} failed\n\nRingmaster restored the content of the last good release.\n`,
      });
      if (revert) await publish(project, tip, revert);
      return { revertCommit: revert ?? null };
    },

    /**
     * Undoes the failed change `from..to` on the default branch with a revert commit on top,
     * keeping what landed after it; says what it did. Fails for good (RevertConflict) when later
     * commits conflict with the revert: the branch is then left as it is.
     */
    async revertFailedChange({
      project,
      from,
      to,
      basis,
    }: {
      project: ReleaseSettings;
      from: string;
      to: string;
      basis: 'last-release' | 'before-merge';
    }): Promise<{ revertCommit: string | null; detail: string }> {
      const tip = await branchTip(project.repoPath, project.defaultBranch);
      const what = basis === 'last-release' ? `back to the last good release ${from.slice(0, 12)}` : `nothing was released before: back to the content before the merge, ${from.slice(0, 12)}`;
      try {
        const outcome = await revertRange({
          repoPath: project.repoPath,
          branch: project.defaultBranch,
          from,
          to,
          message: `Roll back ${from.slice(0, 12)}..${to.slice(0, 12)}: release ${to.slice(0, 12)} failed\n\nRingmaster reverted the failed change (${what}); commits landed after it are kept.\n`,
          workDir: projectPaths(deps.home, project.projectName).rollbackCheckout(to),
        });
        if (outcome.kind === 'nothing') return { revertCommit: null, detail: `nothing to revert: ${outcome.why}` };
        await publish(project, tip, outcome.commit);
        return {
          revertCommit: outcome.commit,
          detail: `reverted ${from.slice(0, 12)}..${to.slice(0, 12)} (${what}) with ${outcome.commit} on top of ${outcome.onto.slice(0, 12)}; later commits kept`,
        };
      } catch (err) {
        if (err instanceof RevertConflictError) throw ApplicationFailure.create({ message: err.message, type: FailureType.revertConflict, nonRetryable: true });
        throw err;
      }
    },

    /** Deletes old release directories, keeping the serving one, the last good one and the newest `keep`. */
    async pruneReleases({ project, keep }: { project: ReleaseSettings; keep: (string | null)[] }): Promise<{ removed: number }> {
      const paths = projectPaths(deps.home, project.projectName);
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(paths.releases, { withFileTypes: true });
      } catch {
        return { removed: 0 };
      }
      const current = readCurrent(paths.current);
      const releases = entries
        .filter((e) => e.isDirectory() && /^[0-9a-f]{40}$/.test(e.name))
        .map((e) => ({ name: e.name, at: fs.statSync(path.join(paths.releases, e.name)).mtimeMs }))
        .sort((a, b) => b.at - a.at);
      let removed = 0;
      for (const [index, release] of releases.entries()) {
        const dir = path.join(paths.releases, release.name);
        if (index < 3 || dir === current || keep.includes(release.name)) continue;
        fs.rmSync(dir, { recursive: true, force: true });
        removed++;
      }
      return { removed };
    },
  };
}
