/**
 * ApplicationFailure types thrown by activities. Workflows branch on them and the retry policy
 * lists the non-retryable ones, so they never change once shipped.
 */
export const FailureType = {
  /** The task names a project that does not exist. */
  projectNotFound: 'ProjectNotFound',
  /** The task input is invalid (e.g. the command agent without a command). */
  invalidTask: 'InvalidTask',
  /** The agent CLI could not be started (not installed, not executable). */
  agentNotStartable: 'AgentNotStartable',
  /** A git operation failed in a way a retry will not fix. */
  gitFailed: 'GitFailed',
  /** The project's setup command failed in a new worktree. */
  setupFailed: 'SetupFailed',
  /** A secret the task's agent needs is not stored (or cannot be decrypted with this data dir's key). */
  secretMissing: 'SecretMissing',
  /** Undoing a failed release's change on the default branch conflicts with later commits. */
  revertConflict: 'RevertConflict',
  /** An external worker's claim ended before its result came (the task goes back to the queue). */
  externalClaimLost: 'ExternalClaimLost',
} as const;
export type FailureType = (typeof FailureType)[keyof typeof FailureType];

export const NON_RETRYABLE_FAILURES: readonly FailureType[] = Object.values(FailureType);

/** ApplicationFailure types of a webhook delivery: refused for good (no retry), or not delivered yet (retried). */
export const NotifyFailure = {
  /** The receiver answered a 4xx that a retry will not change, or the hook's secret is not stored. */
  refused: 'NotificationRefused',
  /** No answer, or a 5xx, 408, 429: the delivery is tried again. */
  undelivered: 'NotificationUndelivered',
} as const;

/**
 * ApplicationFailure types of the hot reload's steps: all final (the saga compensates), never
 * changed once shipped.
 */
export const ReleaseFailure = {
  /** No live host can take the release (deployHosts names labels nobody serves). */
  noHost: 'NoReleaseHost',
  /** Ringmaster's own release whose content its tests have not passed on. */
  untested: 'UntestedRelease',
  build: 'BuildFailed',
  replay: 'ReplayGateRejected',
  reload: 'ReloadFailed',
  health: 'HealthCheckFailed',
} as const;
export type ReleaseFailure = (typeof ReleaseFailure)[keyof typeof ReleaseFailure];
