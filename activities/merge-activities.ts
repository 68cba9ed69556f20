import { ApplicationFailure, log } from '@temporalio/activity';
import fs from 'node:fs';
import path from 'node:path';
import { projectPaths } from '../config/paths.js';
import { createDetachedWorktree } from '../git/detached-worktree.js';
import { fastForwardBranch } from '../git/fast-forward-branch.js';
import { BranchNotFoundError, DefaultCheckoutBlockedError } from '../git/git-errors.js';
import { mergeIntoWorktree } from '../git/merge-into-worktree.js';
import { branchTip, isAncestor } from '../git/read-refs.js';
import { removeWorktree } from '../git/remove-worktree.js';
import { fetchTaskBranch, pushDefaultBranch } from '../git/remote-mirror.js';
import { runGit } from '../git/run-git.js';
import { workingTreeId } from '../git/working-tree-id.js';
import { FailureType } from '../model/failure-types.js';
import { assertTaskId } from '../model/ids.js';
import { MERGE_ATTEMPTS, MergeOutcome, testsAlreadyPassed, type Candidate, type MergeVerdict } from '../model/merge-queue.js';
import type { ReleaseSettings } from '../model/reload.js';
import { copiedFilesDigest } from './copied-files-digest.js';
import { prepareCheckout } from './prepare-checkout.js';
import { runCommandInActivity } from './process-in-activity.js';
import { showCommand } from '../process/show-command.js';
import type { HostDeps } from './worktree-activities.js';

/** A merge verdict plus whether the project's tests ran on the merged commit, and the tip it replaced. */
export type IntegrationResult = MergeVerdict & { tested: boolean; previousTip?: string };

/**
 * What testing a candidate found: a verdict already (merged before, a conflict, failing tests), or
 * a merged commit ready to become the default branch's tip in place of `from`.
 */
export type CandidateTest = { kind: 'verdict'; result: IntegrationResult } | { kind: 'ready'; from: string; merged: string; tested: boolean; testsReused: boolean };

function permanent(err: unknown): unknown {
  if (err instanceof BranchNotFoundError || err instanceof DefaultCheckoutBlockedError) {
    return ApplicationFailure.create({ message: err.message, type: FailureType.gitFailed, nonRetryable: true });
  }
  return err;
}

/**
 * True when a candidate that fast-forwards the default branch needs no checkout of its own: the
 * project sets nothing up in one (no setup command, copied or linked files), and has no tests or
 * the task's gate passed them on exactly the branch's content with the same command.
 */
async function nothingToCheckOut(project: ReleaseSettings, candidate: Candidate): Promise<boolean> {
  if (project.setupCommand || project.copyFiles.length || project.linkFiles.length) return false;
  if (!project.testCommand) return true;
  if (!candidate.passedTests) return false;
  const tree = (await runGit(project.repoPath, ['rev-parse', '--verify', '--quiet', `${candidate.headCommit}^{tree}`])).stdout.trim();
  return testsAlreadyPassed(candidate.passedTests, { tree, command: project.testCommand, copiedFilesDigest: copiedFilesDigest(project.repoPath, []) });
}

/** Writes the tests log of a candidate whose tests were not run again, saying why. */
function noteTestsReused(logs: string, candidate: Candidate, testCommand: readonly string[], tryNumber: number, tree: string): void {
  const note = `not run again: ${showCommand(testCommand)} passed on this exact content (tree ${tree}) in the task's iteration ${candidate.passedTests!.iteration}\n`;
  fs.mkdirSync(logs, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(logs, `${candidate.taskId}-tests-${tryNumber}.log`), note, { mode: 0o600 });
  log.info('tests already passed on the merged content', { taskId: candidate.taskId, tree });
}

/** Fast-forwards the default branch from `from` to `to` (never forced): `moved` when it no longer is at `from`. */
async function advance(project: ReleaseSettings, from: string, to: string, branch: string): Promise<'advanced' | 'moved'> {
  // On a remote, someone else's push in between is what "moved" means: the queue tests again on the new tip.
  if (project.remote) return (await pushDefaultBranch(project.repoPath, { branch: project.defaultBranch, from, to })) === 'pushed' ? 'advanced' : 'moved';
  return fastForwardBranch({ repoPath: project.repoPath, branch: project.defaultBranch, from, to, reason: `ringmaster: merge ${branch}` });
}

/**
 * The merge queue's cheapest case, done by the task's own gate without a queue round trip: the
 * branch fast-forwards the default branch, its tests passed on exactly its content and the
 * project sets nothing up in a checkout (nothingToCheckOut). Returns the new tip and the one it
 * replaced, or undefined when this is not that case or the branch moved meanwhile (the queue
 * then merges and tests as usual). A retry after it advanced finds the branch already in.
 */
export async function fastForwardTested(project: ReleaseSettings, candidate: Candidate): Promise<{ commit: string; previousTip: string } | undefined> {
  const { repoPath, defaultBranch } = project;
  const defaultTip = await branchTip(repoPath, defaultBranch);
  if (!defaultTip) return undefined;
  if (defaultTip === candidate.headCommit) return { commit: defaultTip, previousTip: defaultTip };
  if (!(await isAncestor(repoPath, defaultTip, candidate.headCommit)) || !(await nothingToCheckOut(project, candidate))) return undefined;
  return (await advance(project, defaultTip, candidate.headCommit, candidate.branch)) === 'advanced' ? { commit: candidate.headCommit, previousTip: defaultTip } : undefined;
}

/** Builds the merge queue's activities of one host: test a candidate merged onto the current default branch, then advance the branch. */
export function createMergeActivities(deps: HostDeps) {
  async function test(project: ReleaseSettings, candidate: Candidate, tryNumber: number): Promise<CandidateTest> {
    const { repoPath, defaultBranch } = project;
    // Another host may have pushed it: its commits come from the remote.
    if (project.remote) await fetchTaskBranch(repoPath, candidate.taskId);
    const defaultTip = await branchTip(repoPath, defaultBranch);
    if (!defaultTip) throw new BranchNotFoundError(repoPath, defaultBranch);
    if (await isAncestor(repoPath, candidate.headCommit, defaultTip)) {
      return { kind: 'verdict', result: { outcome: MergeOutcome.merged, commit: defaultTip, tested: false } };
    }
    assertTaskId(candidate.taskId, "the merge candidate's task id");
    const paths = projectPaths(deps.home, project.projectName);
    const logs = paths.integrationLogs;
    const fastForward = await isAncestor(repoPath, defaultTip, candidate.headCommit);
    if (fastForward && (await nothingToCheckOut(project, candidate))) {
      // The branch is the merge, and a checkout of it would be tested, or set up, for nothing.
      if (project.testCommand) noteTestsReused(logs, candidate, project.testCommand, tryNumber, candidate.passedTests!.tree);
      return { kind: 'ready', from: defaultTip, merged: candidate.headCommit, tested: project.testCommand !== null, testsReused: project.testCommand !== null };
    }
    const dir = paths.integrationCheckout(candidate.taskId);
    await createDetachedWorktree({ repoPath, worktreePath: dir, commit: defaultTip });
    try {
      let merged: string;
      if (fastForward) {
        // The branch already contains the default branch: what is tested is exactly the branch.
        await runGit(dir, ['checkout', '--detach', '--quiet', candidate.headCommit]);
        merged = candidate.headCommit;
      } else {
        const merge = await mergeIntoWorktree(dir, candidate.headCommit, `Merge ${candidate.branch}: ${candidate.title}`);
        if (merge.outcome === 'conflict') return { kind: 'verdict', result: { outcome: MergeOutcome.conflict, conflictFiles: merge.conflictFiles, tested: false } };
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
          noteTestsReused(logs, candidate, project.testCommand, tryNumber, now.tree);
        } else {
          const result = await runCommandInActivity({ what: 'test command', argv: project.testCommand, cwd: dir, logFile });
          if (!result.ok) {
            return {
              kind: 'verdict',
              result: { outcome: MergeOutcome.testsFailed, tests: { command: showCommand(project.testCommand), output: `(${result.end})\n${result.outputTail}` }, tested: true },
            };
          }
        }
      }
      return { kind: 'ready', from: defaultTip, merged, tested: project.testCommand !== null, testsReused };
    } finally {
      await removeWorktree({ repoPath, worktreePath: dir });
    }
  }

  return {
    /**
     * Merges a candidate branch onto the CURRENT default branch in a fresh worktree and runs the
     * project's tests on that merged commit (unless its task's gate passed on exactly that content).
     * Moves nothing: the workflow records the result before `advanceDefaultBranch`, so a crash
     * between the two never loses that the merged commit was tested. `attempt` names the logs.
     */
    async testCandidate(input: { project: ReleaseSettings; candidate: Candidate; attempt: number }): Promise<CandidateTest> {
      try {
        return await test(input.project, input.candidate, input.attempt);
      } catch (err) {
        throw permanent(err);
      }
    },

    /**
     * Fast-forwards the default branch from `from` to `to` (never forced): `moved` when it no
     * longer is at `from`. Idempotent: a retry after a crash finds it advanced.
     */
    async advanceDefaultBranch(input: { project: ReleaseSettings; from: string; to: string; branch: string }): Promise<{ outcome: 'advanced' | 'moved' }> {
      try {
        return { outcome: await advance(input.project, input.from, input.to, input.branch) };
      } catch (err) {
        throw permanent(err);
      }
    },

    /**
     * Tests and advances in one activity: for a project with nothing to release (nothing reads
     * that a merge was tested), and for runs started before testCandidate existed. A crash
     * between the two makes a retry report the merge untested.
     */
    async integrateCandidate(input: { project: ReleaseSettings; candidate: Candidate }): Promise<IntegrationResult> {
      try {
        for (let tryNumber = 1; tryNumber <= MERGE_ATTEMPTS; tryNumber++) {
          const tested = await test(input.project, input.candidate, tryNumber);
          if (tested.kind === 'verdict') return tested.result;
          if ((await advance(input.project, tested.from, tested.merged, input.candidate.branch)) !== 'advanced') continue;
          return { outcome: MergeOutcome.merged, commit: tested.merged, tested: tested.tested, previousTip: tested.from, ...(tested.testsReused ? { testsReused: true } : {}) };
        }
        return { outcome: MergeOutcome.failed, error: `${input.project.defaultBranch} kept moving during ${MERGE_ATTEMPTS} merges; try again`, tested: false };
      } catch (err) {
        throw permanent(err);
      }
    },
  };
}
