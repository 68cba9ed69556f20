import { ApplicationFailure, log } from '@temporalio/activity';
import fs from 'node:fs';
import path from 'node:path';
import { taskFiles } from '../config/task-files.js';
import { AgentStartError } from '../agents/agent-errors.js';
import { getAdapter } from '../agents/get-adapter.js';
import { commitAll } from '../git/commit-all.js';
import { excludeLocally } from '../git/exclude-locally.js';
import { createWorktree } from '../git/create-worktree.js';
import { taskBranchName } from '../git/branch-name.js';
import { BranchNotFoundError, DefaultCheckoutBlockedError, WorktreeConflictError, WorktreeStateError } from '../git/git-errors.js';
import { integrateBranch, type IntegrateBranchResult } from '../git/integrate-branch.js';
import { removeWorktree } from '../git/remove-worktree.js';
import { worktreeChanges } from '../git/worktree-changes.js';
import { FailureType } from '../model/failure-types.js';
import type { TaskPlan } from '../model/task.js';
import type { TaskStatus } from '../model/task-status.js';
import { logTail, runProcessInActivity } from './process-in-activity.js';

export interface HostDeps {
  home: string;
  hostId: string;
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

function gitFailure(err: unknown): unknown {
  const permanent = [WorktreeConflictError, WorktreeStateError, BranchNotFoundError, DefaultCheckoutBlockedError];
  if (permanent.some((kind) => err instanceof kind)) {
    return ApplicationFailure.create({ message: (err as Error).message, type: FailureType.gitFailed, nonRetryable: true, cause: err as Error });
  }
  return err;
}

function copyIgnoredFiles(plan: TaskPlan, worktreePath: string): void {
  for (const file of plan.copyFiles) {
    const from = path.join(plan.repoPath, file);
    if (!fs.existsSync(from)) {
      log.warn('copyFiles: not found in the repository, skipped', { file });
      continue;
    }
    fs.mkdirSync(path.dirname(path.join(worktreePath, file)), { recursive: true });
    fs.cpSync(from, path.join(worktreePath, file), { recursive: true });
  }
}

/** Builds the worktree activities of one host: create (with setup), merge, clean up. */
export function createWorktreeActivities(deps: HostDeps) {
  return {
    /**
     * Creates the task's worktree on branch `ringmaster/<taskId>` from the default branch under the
     * data dir, copies the project's ignored files and runs its setup command. Idempotent: a retry
     * reuses the worktree and reruns setup only if it had not finished.
     */
    async prepareWorktree({ plan }: { plan: TaskPlan }): Promise<WorktreeInfo> {
      const files = taskFiles(deps.home, plan.taskId);
      let created;
      try {
        created = await createWorktree({
          repoPath: plan.repoPath,
          worktreePath: path.join(deps.home, 'worktrees', plan.projectName, plan.taskId),
          branch: taskBranchName(plan.taskId),
          baseBranch: plan.defaultBranch,
        });
      } catch (err) {
        throw gitFailure(err);
      }
      await excludeLocally(created.worktreePath, getAdapter(plan.agent).worktreeLitter ?? []);
      const setupDone = path.join(files.dir, 'setup.done');
      if (!fs.existsSync(setupDone)) {
        copyIgnoredFiles(plan, created.worktreePath);
        if (plan.setupCommand) {
          const logFile = path.join(files.dir, 'setup.log');
          let result;
          try {
            result = await runProcessInActivity({ command: plan.setupCommand[0]!, args: plan.setupCommand.slice(1), cwd: created.worktreePath, logFile, timeoutMs: 60 * 60_000 });
          } catch (err) {
            if (err instanceof AgentStartError) throw ApplicationFailure.create({ message: `setup command: ${err.message}`, type: FailureType.setupFailed, nonRetryable: true });
            throw err;
          }
          if (result.exitCode !== 0) {
            throw ApplicationFailure.create({
              message: `setup command ${JSON.stringify(plan.setupCommand)} failed (${result.timedOut ? 'timed out' : `exit ${result.exitCode ?? result.signal}`}): ${logTail(logFile, 15, 2000)}`,
              type: FailureType.setupFailed,
              nonRetryable: true,
            });
          }
        }
        fs.mkdirSync(files.dir, { recursive: true });
        fs.writeFileSync(setupDone, new Date().toISOString());
      }
      return { hostId: deps.hostId, worktreePath: created.worktreePath, branch: created.branch, baseCommit: created.baseCommit };
    },

    /**
     * Commits what the agent left uncommitted (message from the title and the agent's summary)
     * and merges the branch into the default branch. Idempotent: a re-run finds it merged.
     */
    async integrate(input: { plan: TaskPlan; worktreePath: string; branch: string; summary: string }): Promise<IntegrateBranchResult> {
      const { plan, worktreePath, branch, summary } = input;
      try {
        if (fs.existsSync(worktreePath)) {
          const body = summary.trim() ? `\n\n${summary.trim()}` : '';
          await commitAll({ worktreePath, message: `${plan.title}${body}\n\nRingmaster-Task: ${plan.taskId}` });
        }
        return await integrateBranch({
          repoPath: plan.repoPath,
          worktreePath,
          branch,
          defaultBranch: plan.defaultBranch,
          message: `Merge ${plan.defaultBranch} into ${branch}`,
        });
      } catch (err) {
        throw gitFailure(err);
      }
    },

    /**
     * Removes the worktree (and its branch) when its work is merged or it holds no changes;
     * otherwise commits any uncommitted work as a work-in-progress commit and keeps both, so
     * nothing an agent did is ever lost.
     */
    async cleanupWorktree(input: {
      plan: TaskPlan;
      worktreePath: string;
      branch: string;
      baseCommit: string;
      merged: boolean;
      ending: TaskStatus;
    }): Promise<CleanupResult> {
      const { plan, worktreePath, branch, baseCommit, merged, ending } = input;
      const remove = async (note: string): Promise<CleanupResult> => {
        await removeWorktree({ repoPath: plan.repoPath, worktreePath, deleteBranch: branch, force: !merged });
        return { removed: true, kept: false, note };
      };
      if (merged) return remove('merged; worktree and branch removed');
      if (!fs.existsSync(worktreePath)) return { removed: true, kept: false, note: 'worktree already gone' };
      const changes = await worktreeChanges({ worktreePath, baseCommit });
      let commits = changes.commitsAhead;
      if (changes.dirty) {
        await commitAll({ worktreePath, message: `WIP: ${plan.title} (task ${ending})\n\nRingmaster-Task: ${plan.taskId}` });
        commits++;
      }
      if (commits === 0) return remove('no changes; worktree and branch removed');
      return { removed: false, kept: true, note: `worktree ${worktreePath} and branch ${branch} kept: they hold ${commits} unmerged commit(s)` };
    },
  };
}
