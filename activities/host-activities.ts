import { createAgentActivities } from './agent-activities.js';
import { createMergeActivities } from './merge-activities.js';
import { createReleaseActivities } from './release-activities.js';
import { createWorktreeActivities, type HostDeps } from './worktree-activities.js';

export type { WorktreeInfo, CleanupResult } from './worktree-activities.js';
export type { RunAgentResult, RunTestsResult } from './agent-activities.js';

/** Every activity of a host's own task queue: all of them touch a worktree on this host. */
export function createHostActivities(deps: HostDeps) {
  return { ...createWorktreeActivities(deps), ...createAgentActivities(deps), ...createMergeActivities(deps), ...createReleaseActivities(deps) };
}

export type HostActivities = ReturnType<typeof createHostActivities>;
