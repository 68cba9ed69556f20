import fs from 'node:fs';
import path from 'node:path';
import { taskFiles } from '../config/task-files.js';
import { taskBranchName } from '../git/branch-name.js';
import { deleteRemoteRefs } from '../git/remote-mirror.js';
import { runGit } from '../git/run-git.js';
import { hasReleaseWork, type ReleaseSettings } from '../model/reload.js';
import type { TaskPlan } from '../model/task.js';
import type { RunTestsResult } from './agent-activities.js';
import { fastForwardTested } from './merge-activities.js';
import { commitTaskWork, gitFailure, pushTaskBranch, type CleanupResult, type HostDeps } from './worktree-activities.js';

/** What the gate of one iteration found: the tests, and when they passed the committed tip and whether it is merged already. */
export interface GateResult {
  tests: RunTestsResult;
  /** The branch tip, committed, when the tests passed. */
  headCommit?: string;
  /** Set when the gate merged the branch itself (a fast-forward with nothing to release): the queue is not needed. */
  merged?: { commit: string; previousTip: string };
  /** The worktree's cleanup after the gate's own merge; absent when it failed (the task's cleanup step tries again). */
  cleanup?: CleanupResult;
}

type Merged = Required<Pick<GateResult, 'tests' | 'headCommit' | 'merged'>>;

function readMerged(file: string): Merged | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Merged;
  } catch {
    return undefined;
  }
}

/**
 * Builds the test gate that goes on to the merge when it can: the tests in the worktree, then the
 * commit, then, for a project with nothing to build, reload or check and a branch that
 * fast-forwards its default branch with exactly the content tested, the fast-forward itself.
 * That is the merge queue's own cheapest case (fastForwardTested), done without its round trips;
 * anything else goes to the queue as before.
 */
export function createGateActivities(deps: HostDeps, steps: { runTests(input: { plan: TaskPlan; iteration: number; worktreePath: string }): Promise<RunTestsResult> }) {
  /**
   * After its own merge the gate removes the worktree and branch too (the task's cleanup step, one
   * round trip less): two git commands, since the branch is known merged. Anything unusual (a
   * locked worktree, one already gone) is left to the task's cleanup step, which says what it found.
   */
  const cleanUpMerged = async (plan: TaskPlan, worktreePath: string): Promise<CleanupResult | undefined> => {
    try {
      await runGit(plan.repoPath, ['worktree', 'remove', '--force', worktreePath]);
      await runGit(plan.repoPath, ['branch', '-D', '--', taskBranchName(plan.taskId)]);
    } catch {
      return undefined;
    }
    // The remote's copies of the task's refs go too; a remote that cannot be reached keeps them (harmless).
    if (plan.remote) await deleteRemoteRefs(plan.repoPath, [`refs/heads/${taskBranchName(plan.taskId)}`, `refs/ringmaster/wip/${plan.taskId}`]).catch(() => undefined);
    return { removed: true, kept: false, note: 'merged; worktree and branch removed' };
  };

  return {
    /**
     * Runs the tests; when they pass commits, and merges when the queue is not needed (see
     * above), then cleans up. A retry after the merge finds it recorded in the task's files.
     */
    async testAndMerge(input: { plan: TaskPlan; iteration: number; worktreePath: string; summary: string; project: ReleaseSettings }): Promise<GateResult> {
      const { plan, iteration, worktreePath, summary, project } = input;
      const mergedFile = taskFiles(deps.home, plan.taskId).gateMerge(iteration);
      const done = readMerged(mergedFile);
      if (done) {
        const cleanup = await cleanUpMerged(plan, worktreePath);
        return { ...done, ...(cleanup ? { cleanup } : {}) };
      }
      const tests = await steps.runTests({ plan, iteration, worktreePath });
      if (!tests.passed) return { tests };
      try {
        const headCommit = await commitTaskWork(plan, worktreePath, summary);
        if (!hasReleaseWork(project)) {
          const candidate = {
            taskId: plan.taskId,
            taskWorkflowId: '',
            branch: taskBranchName(plan.taskId),
            headCommit,
            title: plan.title,
            ...(tests.passedTests ? { passedTests: tests.passedTests } : {}),
          };
          const merged = await fastForwardTested(project, candidate);
          if (merged) {
            const result: Merged = { tests, headCommit, merged };
            fs.mkdirSync(path.dirname(mergedFile), { recursive: true, mode: 0o700 });
            fs.writeFileSync(mergedFile, JSON.stringify(result), { mode: 0o600 });
            const cleanup = await cleanUpMerged(plan, worktreePath);
            return { ...result, ...(cleanup ? { cleanup } : {}) };
          }
        }
        // The queue may merge it on another host: that one fetches the branch from the remote.
        if (plan.remote) await pushTaskBranch(plan, headCommit);
        return { tests, headCommit };
      } catch (err) {
        throw gitFailure(err);
      }
    },
  };
}
