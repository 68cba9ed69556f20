/** How a hot reload ended (or that it still runs). Values cross boundaries (SQLite, REST). */
export const ReloadStatus = {
  running: 'running',
  /** Built, activated and healthy. */
  deployed: 'deployed',
  /** Activated, then undone because a later step failed; the previous release serves again. */
  rolledBack: 'rolled_back',
  /** Refused before activation (build failed, replay gate, untested self release); nothing changed. */
  rejected: 'rejected',
  /**
   * Failed, and its change could not be undone on the default branch (later commits conflict
   * with the revert): the branch was left as it is and a person must revert it.
   */
  rollbackFailed: 'rollback_failed',
} as const;
export type ReloadStatus = (typeof ReloadStatus)[keyof typeof ReloadStatus];
export const RELOAD_STATUSES: readonly ReloadStatus[] = Object.values(ReloadStatus);

/** What started a reload. */
export const ReloadTrigger = { merge: 'merge', manual: 'manual', watch: 'watch', bootstrap: 'bootstrap' } as const;
export type ReloadTrigger = (typeof ReloadTrigger)[keyof typeof ReloadTrigger];

/** The health-check window of a project that sets none, and the limits of the setting. */
export const HEALTH_CHECK_SECONDS = { default: 10, min: 1, max: 3600 } as const;

/** The saga's steps, in order; build to health check repeat on each host a release runs on. */
export const ReloadStep = {
  recordLastGood: 'record-last-good',
  chooseHosts: 'choose-hosts',
  build: 'build',
  verifyTested: 'verify-tested',
  replayGate: 'replay-gate',
  activate: 'activate',
  healthCheck: 'health-check',
} as const;
export type ReloadStep = (typeof ReloadStep)[keyof typeof ReloadStep];

/** One step or compensation as recorded: what ran, how it ended, how long it took. */
export interface ReloadStepRecord {
  name: string;
  status: 'ok' | 'failed';
  startedAt: string;
  finishedAt: string;
  detail?: string;
  /** The host it ran on, when a release runs on several (a step is recorded once per host). */
  host?: string;
}

/** Input of `hotReloadWorkflow`. */
export interface HotReloadInput {
  projectId: string;
  /** The commit to release. */
  toCommit: string;
  /** The release that serves now; resolved from the project's current release when absent. */
  fromCommit?: string | null;
  trigger: ReloadTrigger;
  /** The task whose merge this deploys, if any. */
  taskId?: string | null;
  /**
   * The default branch's tip before this change landed: what a rollback goes back to when
   * nothing was released yet (absent for releases by hand and runs queued before it existed).
   */
  previousTip?: string | null;
}

/** What `hotReloadWorkflow` returns. */
export interface HotReloadResult {
  reloadId: string;
  status: ReloadStatus;
  error: string | null;
  /** The revert commit a rollback put on the default branch. */
  revertCommit: string | null;
}

/** Workflow id of the reload of one commit of a project; a second start for the same commit joins the first. */
export function reloadWorkflowId(projectId: string, toCommit: string): string {
  return `reload-${projectId}-${toCommit.slice(0, 12)}`;
}

/** What the merge queue and the hot reload need to know about a project. */
export interface ReleaseSettings {
  projectId: string;
  projectName: string;
  repoPath: string;
  /** Set for a project backed by a git remote: merges are pushed there (see TaskPlan.remote). */
  remote?: string;
  defaultBranch: string;
  testCommand: string[] | null;
  setupCommand: string[] | null;
  copyFiles: string[];
  linkFiles: string[];
  buildCommand: string[] | null;
  reloadCommand: string[] | null;
  healthUrl: string | null;
  /** How long a new release has to answer `healthUrl` with 2xx. */
  healthCheckSeconds: number;
  /** Ringmaster's own repository: activation is a rolling restart, with a determinism gate first. */
  self: boolean;
  /** Host labels its releases run on; empty (or absent, in older histories): the control plane's host. */
  deployHosts?: string[];
}

/**
 * Whether a merge of the project has anything to release: something to build, run, check or put
 * on other hosts, or Ringmaster itself. Without, a merge ends at the default branch. Pure.
 */
export function hasReleaseWork(project: Pick<ReleaseSettings, 'self' | 'buildCommand' | 'reloadCommand' | 'healthUrl' | 'deployHosts'>): boolean {
  return project.self || project.buildCommand !== null || project.reloadCommand !== null || project.healthUrl !== null || (project.deployHosts?.length ?? 0) > 0;
}
