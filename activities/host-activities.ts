import { createAgentActivities } from './agent-activities.js';
import { keepHeartbeating } from './keep-heartbeating.js';
import { createHostMaintenanceActivities } from './host-maintenance.js';
import { createMergeActivities } from './merge-activities.js';
import { createReleaseActivities } from './release-activities.js';
import { createWorktreeActivities, type HostDeps } from './worktree-activities.js';

export type { WorktreeInfo, CleanupResult } from './worktree-activities.js';
export type { RunAgentResult, RunTestsResult } from './agent-activities.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any activity signature
type Activity = (...args: any[]) => Promise<unknown>;

/** The same activities, each heartbeating every second for as long as it runs. */
function heartbeating<T extends Record<string, Activity>>(activities: T): T {
  return Object.fromEntries(Object.entries(activities).map(([name, run]) => [name, (...args: unknown[]) => keepHeartbeating(() => run(...args))])) as T;
}

/**
 * Every activity of a host's own task queue: all of them touch a worktree on this host. They run
 * with a heartbeat timeout, and some wait on things that can take longer than it without a process
 * of their own to report on (a big checkout or archive, a health check, a rolling restart): each
 * heartbeats for its whole run.
 */
export function createHostActivities(deps: HostDeps) {
  return heartbeating({
    ...createWorktreeActivities(deps),
    ...createAgentActivities(deps),
    ...createMergeActivities(deps),
    ...createReleaseActivities(deps),
    ...createHostMaintenanceActivities(deps),
  });
}

export type HostActivities = ReturnType<typeof createHostActivities>;
