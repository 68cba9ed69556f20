import type { ReleaseArchiveSource } from '../host-link/fetch-release-archive.js';
import { ApplicationFailure } from '@temporalio/activity';
import fs from 'node:fs';
import { projectPaths } from '../config/paths.js';
import path from 'node:path';
import { taskFiles } from '../config/task-files.js';
import { worktreeLitterOf } from '../agents/get-adapter.js';
import { commitAll } from '../git/commit-all.js';
import { createWorktree } from '../git/create-worktree.js';
import { taskBranchName } from '../git/branch-name.js';
import { BranchNotFoundError, BranchNotMergedError, DefaultCheckoutBlockedError, ForbiddenFileError, WorktreeConflictError, WorktreeStateError } from '../git/git-errors.js';
import { removeWorktree } from '../git/remove-worktree.js';
import { runGit } from '../git/run-git.js';
import { worktreeChanges } from '../git/worktree-changes.js';
import { FailureType } from '../model/failure-types.js';
import { isTaskId } from '../model/ids.js';
import type { TaskPlan } from '../model/task.js';
import type { TaskStatus } from '../model/task-status.js';
import type { Settings } from '../config/settings.js';
import type { SecretRefs } from '../model/secrets.js';
import { deleteRemoteRefs, fetchWorkInProgress, pushBranch, pushWorkInProgress } from '../git/remote-mirror.js';
import { branchTip } from '../git/read-refs.js';
import { snapshotWorktree } from '../git/snapshot-worktree.js';
import { prepareCheckout } from './prepare-checkout.js';
import type { RemoteCredentialSource } from '../secrets/remote-credential.js';

export interface HostDeps {
  home: string;
  hostId: string;
  /** This worker's settings, passed on to Ringmaster commands it runs (the replay gate). */
  settings: Settings;
  /** Turns a task's secret references into the values its agent gets: the vault, or the control plane for a host worker. */
  secrets: { resolve(taskId: string, refs: SecretRefs | undefined): Record<string, string> | Promise<Record<string, string>> };
  /**
   * The git environment that authenticates to a project's https remote with its `remoteSecret`
   * (undefined: the host's own credentials): from the vault, or the control plane for a host worker.
   */
  remoteCredential: RemoteCredentialSource;
  /** A host worker's link to the control plane's copy of task files (logs, prompts): followed while an activity of the task runs. */
  taskFiles?: { follow(taskId: string, dir: string): { stop(): Promise<void> } } | undefined;
  /** A host worker's source of release files for projects whose repository is a checkout on the control plane's machine. */
  releaseArchives?: ReleaseArchiveSource | undefined;
}

/** A task's worktree on its host. */
export interface WorktreeInfo {
  hostId: string;
  worktreePath: string;
  branch: string;
  baseCommit: string;
}

export interface CleanupResult {
  removed: boolean;
  kept: boolean;
  /** What happened, for the task record. */
  note: string;
}

export function gitFailure(err: unknown): unknown {
  const permanent = [WorktreeConflictError, WorktreeStateError, BranchNotFoundError, DefaultCheckoutBlockedError, ForbiddenFileError, BranchNotMergedError];
  if (permanent.some((kind) => err instanceof kind)) {
    return ApplicationFailure.create({ message: (err as Error).message, type: FailureType.gitFailed, nonRetryable: true, cause: err as Error });
  }
  return err;
}

/** What the cleanup of a task's worktree needs to know. */
export interface CleanupInput {
  plan: TaskPlan;
  worktreePath: string;
  branch: string;
  baseCommit: string;
  merged: boolean;
  ending: TaskStatus;
}

/**
 * Removes the worktree (and its branch) when its work is merged or it holds no changes;
 * otherwise commits any uncommitted work as a work-in-progress commit and keeps both, so
 * nothing an agent did is ever lost. Throws the errors of removeWorktree and commitAll.
 */
export async function cleanUp(input: CleanupInput): Promise<CleanupResult> {
  const { plan, worktreePath, branch, baseCommit, merged, ending } = input;
  const remove = async (note: string): Promise<CleanupResult> => {
    await removeWorktree({ repoPath: plan.repoPath, worktreePath, deleteBranch: branch, force: !merged, mergedInto: plan.defaultBranch });
    // The remote's copies of the task's refs go too; a remote that cannot be reached keeps them (harmless).
    if (plan.remote) await deleteRemoteRefs(plan.repoPath, [`refs/heads/${branch}`, `refs/ringmaster/wip/${plan.taskId}`]).catch(() => undefined);
    return { removed: true, kept: false, note };
  };
  if (merged) return remove('merged; worktree and branch removed');
  if (!fs.existsSync(worktreePath)) return { removed: true, kept: false, note: 'worktree already gone' };
  const changes = await worktreeChanges({ worktreePath, baseCommit });
  let commits = changes.commitsAhead;
  if (changes.dirty) {
    await commitAll({ worktreePath, message: `WIP: ${plan.title} (task ${ending})\n\nRingmaster-Task: ${plan.taskId}`, forbidden: plan.copyFiles, onForbidden: 'leave-out' });
    commits++;
  }
  if (commits === 0) return remove('no changes; worktree and branch removed');
  return { removed: false, kept: true, note: `worktree ${worktreePath} and branch ${branch} kept: they hold ${commits} unmerged commit(s)` };
}

/** Commits what the agent left uncommitted, with a message from the title and the agent's summary; returns the branch tip. Idempotent. */
export async function commitTaskWork(plan: TaskPlan, worktreePath: string, summary: string): Promise<string> {
  const body = summary.trim() ? `\n\n${summary.trim()}` : '';
  const committed = await commitAll({ worktreePath, message: `${plan.title}${body}\n\nRingmaster-Task: ${plan.taskId}`, forbidden: plan.copyFiles });
  return committed ?? (await runGit(worktreePath, ['rev-parse', 'HEAD'])).stdout.trim();
}

/** Pushes the task's branch to the project's remote, where a merge on another host fetches it. */
export async function pushTaskBranch(plan: TaskPlan, headCommit: string): Promise<void> {
  await pushBranch(plan.repoPath, { branch: taskBranchName(plan.taskId), commit: headCommit });
}

/** Builds the worktree activities of one host: create (with setup), commit, clean up. */
export function createWorktreeActivities(deps: HostDeps) {
  return {
    /**
     * Creates the task's worktree on branch `ringmaster/<taskId>` from the default branch under the
     * data dir, copies the project's ignored files and runs its setup command. Idempotent: a retry
     * reuses the worktree and reruns setup only if it had not finished.
     */
    async prepareWorktree({ plan, resume }: { plan: TaskPlan; resume?: boolean }): Promise<WorktreeInfo> {
      if (!isTaskId(plan.taskId)) throw ApplicationFailure.create({ message: `the task id ${JSON.stringify(plan.taskId)} cannot name a worktree`, type: FailureType.invalidTask, nonRetryable: true });
      const files = taskFiles(deps.home, plan.taskId);
      let created;
      try {
        // A task moved from a lost host goes on from the work it last pushed.
        if (resume && plan.remote && !(await branchTip(plan.repoPath, taskBranchName(plan.taskId)))) {
          const wip = await fetchWorkInProgress(plan.repoPath, plan.taskId);
          if (wip) await runGit(plan.repoPath, ['branch', taskBranchName(plan.taskId), wip]);
        }
        created = await createWorktree({
          repoPath: plan.repoPath,
          worktreePath: projectPaths(deps.home, plan.projectName).worktree(plan.taskId),
          branch: taskBranchName(plan.taskId),
          baseBranch: plan.defaultBranch,
        });
      } catch (err) {
        throw gitFailure(err);
      }
      const setupDone = path.join(files.dir, 'setup.done');
      // A new folder is prepared whatever an earlier run wrote; a re-run of this step only when unfinished.
      if (created.created || !fs.existsSync(setupDone)) {
        await prepareCheckout({
          repoPath: plan.repoPath,
          dir: created.worktreePath,
          copyFiles: plan.copyFiles,
          linkFiles: plan.linkFiles,
          setupCommand: plan.setupCommand,
          exclude: worktreeLitterOf(plan.agent),
          setupLog: path.join(files.dir, 'setup.log'),
        });
        fs.mkdirSync(files.dir, { recursive: true, mode: 0o700 });
        fs.writeFileSync(setupDone, new Date().toISOString(), { mode: 0o600 });
      }
      return { hostId: deps.hostId, worktreePath: created.worktreePath, branch: created.branch, baseCommit: created.baseCommit };
    },

    /**
     * Commits what the agent left uncommitted, with a message from the title and the agent's
     * summary, and returns the branch tip: what the merge queue will merge. Idempotent.
     */
    async commitWork(input: { plan: TaskPlan; worktreePath: string; summary: string }): Promise<{ headCommit: string }> {
      try {
        const headCommit = await commitTaskWork(input.plan, input.worktreePath, input.summary);
        // The merge may run on another host: it fetches the branch from the remote.
        if (input.plan.remote) await pushTaskBranch(input.plan, headCommit);
        return { headCommit };
      } catch (err) {
        throw gitFailure(err);
      }
    },

    /**
     * For a project with a remote: pushes a snapshot of the worktree (everything the agent left, on
     * top of the branch, which stays as it is) to `refs/ringmaster/wip/<taskId>`, so another host can
     * go on from it if this one is lost. Never fails the task: an unreachable remote is reported.
     */
    async saveWorkInProgress(input: { plan: TaskPlan; worktreePath: string; iteration: number; summary: string }): Promise<{ pushed: boolean; commit?: string; error?: string }> {
      const { plan, worktreePath, iteration, summary } = input;
      if (!plan.remote) return { pushed: false };
      try {
        const commit = await snapshotWorktree({
          worktreePath,
          message: `WIP: ${plan.title} (after iteration ${iteration})\n\n${summary.trim()}\n\nRingmaster-Task: ${plan.taskId}`.replace(/\n{3,}/g, '\n\n'),
          forbidden: plan.copyFiles,
        });
        await pushWorkInProgress(plan.repoPath, { taskId: plan.taskId, commit });
        return { pushed: true, commit };
      } catch (err) {
        return { pushed: false, error: (err as Error).message };
      }
    },

    /** Cleans up a task's worktree (see cleanUp); a failure git will repeat fails for good. */
    async cleanupWorktree(input: CleanupInput): Promise<CleanupResult> {
      try {
        return await cleanUp(input);
      } catch (err) {
        throw gitFailure(err);
      }
    },
  };
}
