import { ApplicationFailure, patched, workflowInfo } from '@temporalio/workflow';
import { FailureType } from '../model/failure-types.js';
import { ReloadStatus, ReloadStep, ReloadTrigger, type HotReloadInput, type HotReloadResult, type ReloadStepRecord } from '../model/reload.js';
import { hostActivities, hostClaims, queueRecords } from './task-activities.js';

function errorMessage(err: unknown): string {
  const e = err as { message?: string; cause?: { message?: string } };
  return e.cause?.message ?? e.message ?? String(err);
}

/**
 * Releases a commit of a project as a saga. Each step registers its compensation; when a step
 * fails they run in reverse and each one's own failure is recorded, never swallowed:
 * record the last good release → build the release (undo: discard it) → for Ringmaster itself,
 * check the commit passed the merge queue's tests and replay recent workflows against the new
 * code → activate it (undo: activate the previous release again) → health check. A failed
 * release that came from a merge or a watched commit also puts the last good content back on the
 * default branch with a revert commit. Every step is recorded in the reload's record.
 */
export async function hotReloadWorkflow(input: HotReloadInput): Promise<HotReloadResult> {
  const { workflowId, runId, taskQueue } = workflowInfo();
  const reloadId = runId;
  const project = await queueRecords.getReleaseSettings({ projectId: input.projectId });
  const releases = await queueRecords.getReleases({ projectId: input.projectId });
  const fromCommit = input.fromCommit === undefined ? releases.current : input.fromCommit;
  await queueRecords.startReloadRecord({
    reloadId,
    projectId: input.projectId,
    workflowId,
    trigger: input.trigger,
    taskId: input.taskId ?? null,
    fromCommit,
    toCommit: input.toCommit,
  });
  const host = hostActivities((await hostClaims(taskQueue).claimHost({ taskId: workflowId })).taskQueue);
  const record = (step: ReloadStepRecord, compensation = false) => queueRecords.recordReloadStep({ reloadId, step, compensation });

  const step = async (name: string, run: () => Promise<string | void>): Promise<void> => {
    const startedAt = new Date().toISOString();
    try {
      const detail = await run();
      await record({ name, status: 'ok', startedAt, finishedAt: new Date().toISOString(), ...(detail ? { detail } : {}) });
    } catch (err) {
      await record({ name, status: 'failed', startedAt, finishedAt: new Date().toISOString(), detail: errorMessage(err) });
      throw err;
    }
  };

  const compensations: { name: string; run: () => Promise<unknown> }[] = [];
  let activated = false;
  try {
    await step(ReloadStep.recordLastGood, async () => `last good release: ${releases.lastGood ?? 'none yet'}; serving: ${fromCommit ?? 'none'}`);
    compensations.unshift({
      name: 'discard-release',
      run: () => host.quick.discardRelease({ project, commit: input.toCommit, keep: [fromCommit, releases.lastGood] }),
    });
    await step(ReloadStep.build, async () => `built in ${(await host.long.buildRelease({ project, commit: input.toCommit })).dir}`);
    if (project.self) {
      if (input.trigger !== ReloadTrigger.bootstrap) {
        await step(ReloadStep.verifyTested, async () => {
          if (!(await queueRecords.isTested({ projectId: project.projectId, commit: input.toCommit }))) {
            throw ApplicationFailure.create({
              message: `refusing to activate ${input.toCommit.slice(0, 12)}: Ringmaster's tests have not passed on its content`,
              type: 'UntestedRelease',
              nonRetryable: true,
            });
          }
          return 'tests passed on its content (in the merge queue, or in the task whose content it is)';
        });
      }
      await step(ReloadStep.replayGate, async () => (await host.long.replayGate({ project, commit: input.toCommit })).detail);
    }
    // Registered before activating: a half-done activation (link switched, reload failed) is undone too.
    if (fromCommit && fromCommit !== input.toCommit) {
      compensations.unshift({ name: 'reactivate-previous-release', run: () => host.long.activateRelease({ project, commit: fromCommit }) });
    }
    activated = true;
    await step(ReloadStep.activate, async () => {
      await host.long.activateRelease({ project, commit: input.toCommit });
      return `serving ${input.toCommit.slice(0, 12)}`;
    });
    await step(ReloadStep.healthCheck, async () => (await host.long.checkReleaseHealth({ project, commit: input.toCommit })).detail);
    await queueRecords.setReleases({ projectId: project.projectId, current: input.toCommit, lastGood: input.toCommit });
    await host.quick.pruneReleases({ project, keep: [input.toCommit, fromCommit, releases.lastGood] });
    await queueRecords.finishReload({ reloadId, status: ReloadStatus.deployed, error: null, revertCommit: null });
    return { reloadId, status: ReloadStatus.deployed, error: null, revertCommit: null };
  } catch (err) {
    const error = errorMessage(err);
    let compensationFailed = false;
    for (const compensation of compensations) {
      const startedAt = new Date().toISOString();
      try {
        await compensation.run();
        await record({ name: compensation.name, status: 'ok', startedAt, finishedAt: new Date().toISOString() }, true);
      } catch (failure) {
        compensationFailed = true;
        await record({ name: compensation.name, status: 'failed', startedAt, finishedAt: new Date().toISOString(), detail: errorMessage(failure) }, true);
      }
    }
    if (activated && !compensationFailed) await queueRecords.setReleases({ projectId: project.projectId, current: fromCommit });

    let revertCommit: string | null = null;
    let revertConflicts = false;
    let revertProblem = '';
    const fromTheBranch = input.trigger === ReloadTrigger.merge || input.trigger === ReloadTrigger.watch;
    // The failed change alone is undone: back to the last release, or, before any, to the tip the
    // change landed on; what people landed since stays (older runs replay restoring the whole tree).
    const revertsRange = patched('revert-failed-change');
    const base = revertsRange ? (releases.lastGood ?? input.previousTip ?? null) : releases.lastGood;
    if (fromTheBranch && base && base !== input.toCommit) {
      const startedAt = new Date().toISOString();
      try {
        let detail: string;
        if (revertsRange) {
          const basis = releases.lastGood ? ('last-release' as const) : ('before-merge' as const);
          ({ revertCommit, detail } = await host.long.revertFailedChange({ project, from: base, to: input.toCommit, basis }));
        } else {
          revertCommit = (await host.long.restoreDefaultBranch({ project, goodCommit: base, badCommit: input.toCommit })).revertCommit;
          detail = revertCommit ? `revert commit ${revertCommit}` : 'already at the last good content';
        }
        await record({ name: 'revert-default-branch', status: 'ok', startedAt, finishedAt: new Date().toISOString(), detail }, true);
      } catch (failure) {
        compensationFailed = true;
        revertConflicts = (failure as { cause?: { type?: string } }).cause?.type === FailureType.revertConflict;
        revertProblem = errorMessage(failure);
        await record({ name: 'revert-default-branch', status: 'failed', startedAt, finishedAt: new Date().toISOString(), detail: errorMessage(failure) }, true);
      }
    }
    const status = revertConflicts ? ReloadStatus.rollbackFailed : activated ? ReloadStatus.rolledBack : ReloadStatus.rejected;
    const fullError = revertConflicts
      ? `${error}; and ${revertProblem}`
      : compensationFailed
        ? `${error} (and a compensation failed: see the reload's record)`
        : error;
    await queueRecords.finishReload({ reloadId, status, error: fullError, revertCommit });
    return { reloadId, status, error: fullError, revertCommit };
  }
}
