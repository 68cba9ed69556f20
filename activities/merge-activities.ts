import { ApplicationFailure, log } from '@temporalio/activity';
import fs from 'node:fs';
import path from 'node:path';
import { createDetachedWorktree } from '../git/detached-worktree.js';
import { fastForwardBranch } from '../git/fast-forward-branch.js';
import { BranchNotFoundError, DefaultCheckoutBlockedError } from '../git/git-errors.js';
import { mergeIntoWorktree } from '../git/merge-into-worktree.js';
import { branchTip, isAncestor } from '../git/read-refs.js';
import { removeWorktree } from '../git/remove-worktree.js';
import { runGit } from '../git/run-git.js';
import { workingTreeId } from '../git/working-tree-id.js';
import { FailureType } from '../model/failure-types.js';
import { assertTaskId } from '../model/ids.js';
import { MergeOutcome, testsAlreadyPassed, type Candidate, type MergeVerdict } from '../model/merge-queue.js';
import type { ReleaseSettings } from '../model/reload.js';
import { copiedFilesDigest } from './copied-files-digest.js';
import { prepareCheckout } from './prepare-checkout.js';
import { logTail, runProcessInActivity } from './process-in-activity.js';
import type { HostDeps } from './worktree-activities.js';

/** A merge verdict plus whether the project's tests ran on the merged commit. */
export type IntegrationResult = MergeVerdict & { tested: boolean };

// Tries before giving up on a default branch that keeps moving while a candidate is tested.
const MAX_ATTEMPTS = 3;

function showCommand(argv: readonly string[]): string {
  return argv.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`)).join(' ');
}

/** Builds the merge queue's activity of one host: merge a candidate onto the current default branch, test it, advance the branch. */
export function createMergeActivities(deps: HostDeps) {
  async function attempt(project: ReleaseSettings, candidate: Candidate, tryNumber: number): Promise<IntegrationResult | 'moved'> {
    const { repoPath, defaultBranch } = project;
    const defaultTip = await branchTip(repoPath, defaultBranch);
    if (!defaultTip) throw new BranchNotFoundError(repoPath, defaultBranch);
    if (await isAncestor(repoPath, candidate.headCommit, defaultTip)) {
      return { outcome: MergeOutcome.merged, commit: defaultTip, tested: false };
    }
    assertTaskId(candidate.taskId, 'the merge candidate\'s task id');
    const dir = path.join(deps.home, 'worktrees', project.projectName, `.integration-${candidate.taskId}`);
    const logs = path.join(deps.home, 'logs', 'integration', project.projectName);
    await createDetachedWorktree({ repoPath, worktreePath: dir, commit: defaultTip });
    try {
      let merged: string;
      if (await isAncestor(repoPath, defaultTip, candidate.headCommit)) {
        // The branch already contains the default branch: what is tested is exactly the branch.
        await runGit(dir, ['checkout', '--detach', '--quiet', candidate.headCommit]);
        merged = candidate.headCommit;
      } else {
        const merge = await mergeIntoWorktree(dir, candidate.headCommit, `Merge ${candidate.branch}: ${candidate.title}`);
        if (merge.outcome === 'conflict') return { outcome: MergeOutcome.conflict, conflictFiles: merge.conflictFiles, tested: false };
        merged = merge.commit;
      }
      await prepareCheckout({
        repoPath,
        dir,
        copyFiles: project.copyFiles,
        linkFiles: project.linkFiles,
        setupCommand: project.setupCommand,
        exclude: [],
        setupLog: path.join(logs, `${candidate.taskId}-setup-${tryNumber}.log`),
      });
      let testsReused = false;
      if (project.testCommand) {
        const logFile = path.join(logs, `${candidate.taskId}-tests-${tryNumber}.log`);
        // Only a candidate whose task's gate passed can be spared a run: then the checkout is named.
        const now = candidate.passedTests && { tree: await workingTreeId(dir), command: project.testCommand, copiedFilesDigest: copiedFilesDigest(dir, project.copyFiles) };
        if (now && testsAlreadyPassed(candidate.passedTests, now)) {
          // The merge changed nothing the task's own gate did not test: same content, command and copied files.
          testsReused = true;
          const note = `not run again: ${showCommand(project.testCommand)} passed on this exact content (tree ${now.tree}) in the task's iteration ${candidate.passedTests!.iteration}\n`;
          fs.mkdirSync(logs, { recursive: true, mode: 0o700 });
          fs.writeFileSync(logFile, note, { mode: 0o600 });
          log.info('tests already passed on the merged content', { taskId: candidate.taskId, tree: now.tree });
        } else {
          const [command, ...args] = project.testCommand;
          const result = await runProcessInActivity({ command: command!, args, cwd: dir, logFile, timeoutMs: 60 * 60_000 });
          if (result.exitCode !== 0 || result.timedOut) {
            const how = result.timedOut ? 'timed out' : `exit ${result.exitCode ?? result.signal}`;
            return { outcome: MergeOutcome.testsFailed, tests: { command: showCommand(project.testCommand), output: `(${how})\n${logTail(logFile)}` }, tested: true };
          }
        }
      }
      const moved = await fastForwardBranch({ repoPath, branch: defaultBranch, from: defaultTip, to: merged, reason: `ringmaster: merge ${candidate.branch}` });
      if (moved !== 'advanced') return 'moved';
      return { outcome: MergeOutcome.merged, commit: merged, tested: project.testCommand !== null, ...(testsReused ? { testsReused } : {}) };
    } finally {
      await removeWorktree({ repoPath, worktreePath: dir });
    }
  }

  return {
    /**
     * Merges a candidate branch onto the CURRENT default branch in a fresh worktree, runs the
     * project's tests on that merged commit, and fast-forwards the default branch to it (never
     * forced). Starts over when the default branch moved meanwhile. Idempotent: a candidate the
     * default branch already contains is reported merged.
     */
    async integrateCandidate(input: { project: ReleaseSettings; candidate: Candidate }): Promise<IntegrationResult> {
      try {
        for (let tryNumber = 1; tryNumber <= MAX_ATTEMPTS; tryNumber++) {
          const result = await attempt(input.project, input.candidate, tryNumber);
          if (result !== 'moved') return result;
        }
        return { outcome: MergeOutcome.failed, error: `${input.project.defaultBranch} kept moving during ${MAX_ATTEMPTS} merges; try again`, tested: false };
      } catch (err) {
        if (err instanceof BranchNotFoundError || err instanceof DefaultCheckoutBlockedError) {
          throw ApplicationFailure.create({ message: err.message, type: FailureType.gitFailed, nonRetryable: true });
        }
        throw err;
      }
    },
  };
}
