import { ApplicationFailure, workflowInfo } from '@temporalio/workflow';
import { changed } from './changes.js';
import { FailureType, ReleaseFailure } from '../model/failure-types.js';
import { ReloadStatus, ReloadStep, ReloadTrigger, type HotReloadInput, type HotReloadResult, type ReloadStepRecord } from '../model/reload.js';
import { hostTaskQueue } from '../model/task-queues.js';
import { hostActivities, hostClaims, queueRecords, releaseRecords } from './task-activities.js';

/** One host a release runs on, and its activities. */
interface ReleaseTarget {
  hostId: string;
  controlPlane: boolean;
  host: ReturnType<typeof hostActivities>;
}

function errorMessage(err: unknown): string {
  const e = err as { message?: string; cause?: { message?: string } };
  return e.cause?.message ?? e.message ?? String(err);
}

/**
 * Releases a commit of a project as a saga. Each step registers its compensation; when a step
 * fails they run in reverse and each one's own failure is recorded, never swallowed:
 * record the last good release → choose the hosts it runs on (model/release-hosts.ts), then on
 * each host, one at a time: build the release (undo: discard it) → for Ringmaster itself, on the
 * first host, check the commit passed the merge queue's tests and replay recent workflows against
 * the new code → activate it (undo: activate the previous release again) → health check. A failed
 * release that came from a merge or a watched commit also puts the last good content back on the
 * default branch with a revert commit. Every step is recorded in the reload's record.
 */
export async function hotReloadWorkflow(input: HotReloadInput): Promise<HotReloadResult> {
  const { workflowId, runId, taskQueue } = workflowInfo();
  const reloadId = runId;
  const project = await queueRecords().getReleaseSettings({ projectId: input.projectId });
  const releases = await queueRecords().getReleases({ projectId: input.projectId });
  const fromCommit = input.fromCommit === undefined ? releases.current : input.fromCommit;
  await queueRecords().startReloadRecord({
    reloadId,
    projectId: input.projectId,
    workflowId,
    trigger: input.trigger,
    taskId: input.taskId ?? null,
    fromCommit,
    toCommit: input.toCommit,
  });
  // Releases run on the hosts chosen for the project (model/release-hosts.ts); older histories on the control plane's only.
  const where = changed('release-on-hosts') ? await releaseRecords.releaseHosts({ self: project.self, deployHosts: project.deployHosts ?? [] }) : undefined;
  const targets: ReleaseTarget[] = [];
  if (!where || where.controlPlane) {
    const claimed = await hostClaims(taskQueue).claimHost({ taskId: workflowId });
    targets.push({ hostId: claimed.hostId, controlPlane: true, host: hostActivities(claimed.taskQueue) });
  }
  for (const hostId of where?.hosts ?? []) {
    targets.push({ hostId, controlPlane: false, host: hostActivities(hostTaskQueue(hostId, taskQueue), undefined, where!.hostLostMinutes) });
  }
  // The default branch is the control plane's to restore (it holds the checkout); claimed when no release ran there.
  const controlPlaneHost = async () => targets.find((target) => target.controlPlane)?.host ?? hostActivities((await hostClaims(taskQueue).claimHost({ taskId: workflowId })).taskQueue);
  const record = (step: ReloadStepRecord, compensation = false) => queueRecords().recordReloadStep({ reloadId, step, compensation });

  const step = async (name: string, run: () => Promise<string | void>, on?: ReleaseTarget): Promise<void> => {
    const startedAt = new Date().toISOString();
    const ranOn = on && targets.length > 1 ? { host: on.hostId } : {};
    try {
      const detail = await run();
      await record({ name, status: 'ok', startedAt, finishedAt: new Date().toISOString(), ...(detail ? { detail } : {}), ...ranOn });
    } catch (err) {
      await record({ name, status: 'failed', startedAt, finishedAt: new Date().toISOString(), detail: errorMessage(err), ...ranOn });
      throw err;
    }
  };

  const compensations: { name: string; hostId: string; run: () => Promise<unknown> }[] = [];
  let activated = false;
  try {
    await step(ReloadStep.recordLastGood, async () => `last good release: ${releases.lastGood ?? 'none yet'}; serving: ${fromCommit ?? 'none'}`);
    if (where) {
      await step(ReloadStep.chooseHosts, async () => {
        if (where.problem) throw ApplicationFailure.create({ message: where.problem, type: ReleaseFailure.noHost, nonRetryable: true });
        return `one at a time on ${targets.map((t) => (t.controlPlane ? `${t.hostId} (control plane)` : t.hostId)).join(', ')}`;
      });
    }
    for (const [index, target] of targets.entries()) {
      const { host } = target;
      compensations.unshift({
        name: 'discard-release',
        hostId: target.hostId,
        run: () => host.quick.discardRelease({ project, commit: input.toCommit, keep: [fromCommit, releases.lastGood] }),
      });
      await step(ReloadStep.build, async () => `built in ${(await host.long.buildRelease({ project, commit: input.toCommit })).dir}`, target);
      if (project.self && index === 0) {
        if (input.trigger !== ReloadTrigger.bootstrap) {
          await step(ReloadStep.verifyTested, async () => {
            if (!(await queueRecords().isTested({ projectId: project.projectId, commit: input.toCommit }))) {
              throw ApplicationFailure.create({
                message: `refusing to activate ${input.toCommit.slice(0, 12)}: Ringmaster's tests have not passed on its content`,
                type: ReleaseFailure.untested,
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
        compensations.unshift({ name: 'reactivate-previous-release', hostId: target.hostId, run: () => host.long.activateRelease({ project, commit: fromCommit }) });
      }
      activated = true;
      await step(
        ReloadStep.activate,
        async () => {
          await host.long.activateRelease({ project, commit: input.toCommit });
          return `serving ${input.toCommit.slice(0, 12)}`;
        },
        target,
      );
      await step(
        ReloadStep.healthCheck,
        async () =>
          // Ringmaster on a host worker has no API of its own: its worker's heartbeat tells the commit it runs.
          project.self && !target.controlPlane
            ? (await releaseRecords.hostServesRelease({ hostId: target.hostId, commit: input.toCommit, withinSeconds: Math.max(project.healthCheckSeconds, 30) })).detail
            : (await host.long.checkReleaseHealth({ project, commit: input.toCommit })).detail,
        target,
      );
    }
    await queueRecords().setReleases({ projectId: project.projectId, current: input.toCommit, lastGood: input.toCommit });
    for (const target of targets) await target.host.quick.pruneReleases({ project, keep: [input.toCommit, fromCommit, releases.lastGood] });
    await queueRecords().finishReload({ reloadId, status: ReloadStatus.deployed, error: null, revertCommit: null });
    return { reloadId, status: ReloadStatus.deployed, error: null, revertCommit: null };
  } catch (err) {
    const error = errorMessage(err);
    let compensationFailed = false;
    for (const compensation of compensations) {
      const startedAt = new Date().toISOString();
      const ranOn = targets.length > 1 ? { host: compensation.hostId } : {};
      try {
        await compensation.run();
        await record({ name: compensation.name, status: 'ok', startedAt, finishedAt: new Date().toISOString(), ...ranOn }, true);
      } catch (failure) {
        compensationFailed = true;
        await record({ name: compensation.name, status: 'failed', startedAt, finishedAt: new Date().toISOString(), detail: errorMessage(failure), ...ranOn }, true);
      }
    }
    if (activated && !compensationFailed) await queueRecords().setReleases({ projectId: project.projectId, current: fromCommit });

    let revertCommit: string | null = null;
    let revertConflicts = false;
    let revertProblem = '';
    const fromTheBranch = input.trigger === ReloadTrigger.merge || input.trigger === ReloadTrigger.watch;
    // The failed change alone is undone: back to the last release, or, before any, to the tip the
    // change landed on; what people landed since stays (older runs replay restoring the whole tree).
    const revertsRange = changed('revert-failed-change');
    const base = revertsRange ? (releases.lastGood ?? input.previousTip ?? null) : releases.lastGood;
    if (fromTheBranch && base && base !== input.toCommit) {
      const startedAt = new Date().toISOString();
      try {
        const host = await controlPlaneHost();
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
    const fullError = revertConflicts ? `${error}; and ${revertProblem}` : compensationFailed ? `${error} (and a compensation failed: see the reload's record)` : error;
    await queueRecords().finishReload({ reloadId, status, error: fullError, revertCommit });
    return { reloadId, status, error: fullError, revertCommit };
  }
}
