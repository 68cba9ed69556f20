import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { allHandlersFinished, condition, continueAsNew, executeChild, getExternalWorkflowHandle, log, setHandler, workflowInfo } from '@temporalio/workflow';
import { changed, thisBuild } from './changes.js';
import { checkQueueItem, MERGE_ATTEMPTS, MergeOutcome, type Candidate, type IntegrationInput, type MergeVerdict, type QueueItem } from '../model/merge-queue.js';
import type { IntegrationResult } from '../activities/merge-activities.js';
import { hasReleaseWork, reloadWorkflowId, ReloadTrigger, type HotReloadInput, type ReleaseSettings } from '../model/reload.js';
import { hotReloadWorkflow } from './hot-reload-workflow.js';
import { mergeVerdict, queueState, submit } from './messages.js';
import { hostActivities, hostClaims, queueRecords } from './task-activities.js';

/** The default: continue as new well before Temporal's history limits. */
const HISTORY_LIMIT = 2000;
/** An idle queue ends after this long; the next submission starts it again. */
const IDLE_TIMEOUT = '1 day';

function sameItem(a: QueueItem, b: QueueItem): boolean {
  if (a.kind === 'merge' && b.kind === 'merge') return a.candidate.taskId === b.candidate.taskId && a.candidate.headCommit === b.candidate.headCommit;
  return a.kind === 'reload' && b.kind === 'reload' && a.toCommit === b.toCommit;
}

/**
 * The merge queue of one project (`integrate-<projectId>`): takes task branches and release
 * requests in arrival order, one at a time. A branch is merged onto the CURRENT default branch,
 * tested on exactly that merged commit, and only then the default branch advances
 * (fast-forward); the release follows as a child `hotReloadWorkflow`, and the task is told the
 * verdict. The queue continues as new before its history grows long, carrying what waits.
 */
export async function integrationWorkflow(input: IntegrationInput): Promise<{ processed: number }> {
  const waiting: QueueItem[] = [...(input.queue ?? [])];
  let current: QueueItem | null = null;
  let processed = input.processed ?? 0;
  const { taskQueue } = workflowInfo();

  setHandler(
    submit,
    (item) => {
      // A task retrying its submission gets its place, not a second one.
      const at = waiting.findIndex((queued) => sameItem(queued, item));
      if (current && sameItem(current, item)) return { position: 0 };
      if (at >= 0) return { position: at + 1 + (current ? 1 : 0) };
      waiting.push(item);
      return { position: waiting.length + (current ? 1 : 0) };
    },
    {
      validator: (item: QueueItem | undefined) => {
        const problem = checkQueueItem(item);
        if (problem) throw new Error(problem);
      },
    },
  );
  setHandler(queueState, () => ({ current, waiting: [...waiting], processed }));

  for (;;) {
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > (input.historyLimit ?? HISTORY_LIMIT)) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof integrationWorkflow>({ projectId: input.projectId, queue: waiting, processed, historyLimit: input.historyLimit });
    }
    if (!(await condition(() => waiting.length > 0, IDLE_TIMEOUT))) {
      await condition(allHandlersFinished);
      if (waiting.length === 0) return { processed };
      continue;
    }
    current = waiting.shift()!;
    // Inside the trace it was submitted in: the merge's and the release's spans are the task's.
    const item = current;
    await context.with(propagation.extract(ROOT_CONTEXT, item.trace ?? {}), () => handle(item));
    current = null;
    processed++;
  }

  async function release(toCommit: string, trigger: HotReloadInput['trigger'], taskId: string | null, previousTip?: string) {
    return executeChild(hotReloadWorkflow, {
      workflowId: reloadWorkflowId(input.projectId, toCommit),
      args: [{ projectId: input.projectId, toCommit, trigger, taskId, ...(previousTip ? { previousTip } : {}) }],
      taskQueue,
    });
  }

  /** Tests the candidate on the current default branch, records it tested, then advances the branch; again when it moved. */
  async function testThenAdvance(host: ReturnType<typeof hostActivities>, project: ReleaseSettings, candidate: Candidate): Promise<IntegrationResult> {
    for (let attempt = 1; attempt <= MERGE_ATTEMPTS; attempt++) {
      const tested = await host.long.testCandidate({ project, candidate, attempt });
      if (tested.kind === 'verdict') return tested.result;
      if (tested.tested) await queueRecords().markTested({ projectId: input.projectId, commit: tested.merged });
      const { outcome } = await host.long.advanceDefaultBranch({ project, from: tested.from, to: tested.merged, branch: candidate.branch });
      if (outcome === 'advanced') return { outcome: MergeOutcome.merged, commit: tested.merged, tested: tested.tested, previousTip: tested.from, ...(tested.testsReused ? { testsReused: true } : {}) };
    }
    return { outcome: MergeOutcome.failed, error: `${project.defaultBranch} kept moving during ${MERGE_ATTEMPTS} merges; try again`, tested: false };
  }

  async function handle(item: QueueItem): Promise<void> {
    if (item.kind === 'reload') {
      // A watched commit that already serves (e.g. seen by two workers) needs no second release.
      if (item.trigger === ReloadTrigger.watch && (await queueRecords().getReleases({ projectId: input.projectId })).current === item.toCommit) return;
      const result = await release(item.toCommit, item.trigger, null, item.previousTip);
      log.info('release done', { toCommit: item.toCommit, status: result.status });
      return;
    }
    const { candidate } = item;
    let verdict: MergeVerdict;
    try {
      const project = await queueRecords().getReleaseSettings({ projectId: input.projectId });
      // Any host merges a project backed by a remote (it pushes there); a checkout is the control plane's.
      const host = hostActivities((await hostClaims(taskQueue, project.remote !== undefined).claimHost({ taskId: candidate.taskId })).taskQueue);
      // "Tested" is recorded before the default branch moves, so a crash in between loses nothing;
      // only a release reads it: with nothing to release, both run in one activity (this build on).
      const oneStep = !hasReleaseWork(project) && thisBuild();
      const result = !oneStep && changed('tested-before-advance') ? await testThenAdvance(host, project, candidate) : await host.long.integrateCandidate({ project, candidate });
      const { tested, previousTip, ...rest } = result;
      verdict = rest;
      if (result.outcome === MergeOutcome.merged && result.commit) {
        if (tested) await queueRecords().markTested({ projectId: input.projectId, commit: result.commit });
        // A project with nothing to build, run or check is done once merged (older histories released anyway).
        if (!changed('release-only-with-work') || hasReleaseWork(project)) {
          const reload = await release(result.commit, ReloadTrigger.merge, candidate.taskId, previousTip);
          verdict = { ...verdict, reload };
        }
      }
    } catch (err) {
      verdict = { outcome: MergeOutcome.failed, error: (err as Error).message };
    }
    try {
      await getExternalWorkflowHandle(candidate.taskWorkflowId).signal(mergeVerdict, { ...verdict, headCommit: candidate.headCommit });
    } catch (err) {
      // The task was cancelled or ended meanwhile: the verdict has no one to go to.
      log.warn('could not tell the task its verdict', { taskWorkflowId: candidate.taskWorkflowId, error: (err as Error).message });
    }
  }
}
