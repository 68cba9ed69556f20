import { releaseEventOf } from '../model/notifications.js';
import type { Notifier } from '../notify/notifier.js';
import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { FailureType } from '../model/failure-types.js';
import type { QueueItem, SubmitResult } from '../model/merge-queue.js';
import type { ReleaseSettings, ReloadStatus, ReloadStepRecord, ReloadTrigger } from '../model/reload.js';
import type { Store } from '../store/create-store.js';
import type { ProjectRepository } from '../store/project-repository.js';
import { submitToQueue } from '../temporal/submit-to-queue.js';

export interface QueueRecordDeps {
  store: Store;
  /** Starts the merge queue of a project on first use. */
  client: Client;
  /** The workflows' task queue (`ringmaster`). */
  taskQueue: string;
  /** Tells the webhooks that a release deployed or was rolled back. */
  notifier?: Notifier | undefined;
}

/** The project as merges and releases need it; fails for good when it is gone. */
export function releaseSettingsOf(projects: Pick<ProjectRepository, 'get'>, projectId: string): ReleaseSettings {
  const project = projects.get(projectId);
  if (!project) throw ApplicationFailure.create({ message: `project ${projectId} no longer exists`, type: FailureType.projectNotFound, nonRetryable: true });
  return {
    projectId: project.id,
    projectName: project.name,
    repoPath: project.repoPath,
    ...(project.remote ? { remote: project.remote } : {}),
    defaultBranch: project.defaultBranch,
    testCommand: project.testCommand,
    setupCommand: project.setupCommand,
    copyFiles: project.copyFiles,
    linkFiles: project.linkFiles,
    buildCommand: project.buildCommand,
    reloadCommand: project.reloadCommand,
    healthUrl: project.healthUrl,
    healthCheckSeconds: project.healthCheckSeconds,
    self: project.self,
    deployHosts: project.deployHosts,
  };
}

/** Builds the control activities of the merge queue and the hot reload: project settings, queue submission, reload records. */
export function createQueueRecordActivities(deps: QueueRecordDeps) {
  const { store } = deps;
  return {
    /** The project as the merge queue and the hot reload need it; fails for good when it is gone. */
    async getReleaseSettings({ projectId }: { projectId: string }): Promise<ReleaseSettings> {
      return releaseSettingsOf(store.projects, projectId);
    },

    /** Puts an item in the project's queue (starting `integrate-<projectId>` when it is not running); returns its position. */
    async submitToQueue({ projectId, item }: { projectId: string; item: QueueItem }): Promise<SubmitResult> {
      return submitToQueue(deps.client, deps.taskQueue, projectId, item);
    },

    async startReloadRecord(input: {
      reloadId: string;
      projectId: string;
      workflowId: string;
      trigger: ReloadTrigger;
      taskId: string | null;
      fromCommit: string | null;
      toCommit: string;
    }): Promise<void> {
      store.reloads.start({ id: input.reloadId, ...input });
    },
    async recordReloadStep({ reloadId, step, compensation }: { reloadId: string; step: ReloadStepRecord; compensation: boolean }): Promise<void> {
      if (compensation) store.reloads.recordCompensation(reloadId, step);
      else store.reloads.recordStep(reloadId, step);
    },
    async finishReload({ reloadId, status, error, revertCommit }: { reloadId: string; status: ReloadStatus; error: string | null; revertCommit: string | null }): Promise<void> {
      store.reloads.finish(reloadId, { status, error, revertCommit });
      const event = releaseEventOf(status);
      const reload = event && store.reloads.get(reloadId);
      if (event && reload) {
        const subject = { project: { id: reload.projectId, name: reload.projectName }, release: { id: reload.id, fromCommit: reload.fromCommit, toCommit: reload.toCommit, status } };
        await deps.notifier?.notify(event, subject, `release:${reloadId}:${event}`);
      }
    },
    async getReleases({ projectId }: { projectId: string }): Promise<{ current: string | null; lastGood: string | null }> {
      return store.reloads.releases(projectId);
    },
    async setReleases({ projectId, current, lastGood }: { projectId: string; current?: string | null; lastGood?: string | null }): Promise<void> {
      store.reloads.setReleases(projectId, { ...(current !== undefined ? { current } : {}), ...(lastGood !== undefined ? { lastGood } : {}) });
    },
    async markTested({ projectId, commit }: { projectId: string; commit: string }): Promise<void> {
      store.reloads.markTested(projectId, commit);
    },
    async isTested({ projectId, commit }: { projectId: string; commit: string }): Promise<boolean> {
      return store.reloads.isTested(projectId, commit);
    },
  };
}

export type QueueRecordActivities = ReturnType<typeof createQueueRecordActivities>;
