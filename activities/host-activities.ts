import { createAgentActivities } from './agent-activities.js';
import { keepHeartbeating } from './keep-heartbeating.js';
import { localRepository, mirrorOf, type RepositoryRef } from './remote-checkout.js';
import { ApplicationFailure } from '@temporalio/activity';
import { RemoteSecretError } from '../git/remote-errors.js';
import { useMirrorCredentials } from '../git/remote-mirror.js';
import { FailureType } from '../model/failure-types.js';
import { SecretUnreadableError } from '../secrets/secret-cipher.js';
import { SecretMissingError } from '../secrets/secret-vault.js';
import { taskFiles } from '../config/task-files.js';
import { isTaskId } from '../model/ids.js';
import { createGateActivities } from './gate-activities.js';
import { createHostMaintenanceActivities } from './host-maintenance.js';
import { createMergeActivities } from './merge-activities.js';
import { createPlanningActivities } from './planning-activities.js';
import { createReleaseActivities } from './release-activities.js';
import { createWorktreeActivities, type HostDeps } from './worktree-activities.js';

export type { WorktreeInfo, CleanupResult } from './worktree-activities.js';
export type { RunAgentResult, RunTestsResult } from './agent-activities.js';
export type { GateResult } from './gate-activities.js';
export type { PlanSubtasksResult } from './planning-activities.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any activity signature
type Activity = (...args: any[]) => Promise<unknown>;

/** The same activities, each heartbeating every second for as long as it runs. */
function heartbeating<T extends Record<string, Activity>>(activities: T): T {
  return Object.fromEntries(Object.entries(activities).map(([name, run]) => [name, (...args: unknown[]) => keepHeartbeating(() => run(...args))])) as T;
}

// These read the remote's latest state first; the rest work from what this host's mirror holds.
const FETCHING = new Set(['prepareWorktree', 'cleanupWorktree', 'testAndMerge', 'testCandidate', 'integrateCandidate', 'buildRelease', 'restoreDefaultBranch', 'revertFailedChange']);

/**
 * The git environment of the project's remote secret, read for every activity (not kept), so a
 * changed or removed secret applies to the next one. One that is not stored, does not decrypt or
 * cannot be sent fails the activity for good: retrying does not set it.
 */
async function remoteCredential(deps: HostDeps, settings: RepositoryRef & { remote: string }): Promise<Record<string, string> | undefined> {
  // Only https (and loopback http) remotes take a secret: the rest cost no call to the control plane.
  if (!/^https?:\/\//i.test(settings.remote)) return undefined;
  try {
    return await deps.remoteCredential(settings.projectId);
  } catch (err) {
    if (err instanceof SecretMissingError || err instanceof SecretUnreadableError || err instanceof RemoteSecretError) {
      throw ApplicationFailure.create({ message: err.message, type: FailureType.secretMissing, nonRetryable: true });
    }
    throw err;
  }
}

/**
 * The same activities, with the `plan` or `project` of a project backed by a remote pointing at
 * this host's mirror of it: the workflows carry the control plane's view, each host has its own.
 */
function onThisHost<T extends Record<string, Activity>>(deps: HostDeps, activities: T): T {
  const { home } = deps;
  return Object.fromEntries(
    Object.entries(activities).map(([name, run]) => [
      name,
      async (input: unknown, ...rest: unknown[]) => {
        const args = input as ({ plan?: RepositoryRef & { taskId?: string } } & { project?: RepositoryRef }) | undefined;
        const taskId = args?.plan?.taskId;
        // A host worker ships what the task's activities write (logs, prompts) to the control plane as it comes.
        const shipping = deps.taskFiles && taskId && isTaskId(taskId) ? deps.taskFiles.follow(taskId, taskFiles(home, taskId).dir) : undefined;
        try {
          const settings = args?.plan?.remote ? args.plan : args?.project?.remote ? args.project : undefined;
          if (!args || !settings?.remote) return await run(input, ...rest);
          useMirrorCredentials(mirrorOf(home, settings), await remoteCredential(deps, { ...settings, remote: settings.remote }));
          const fetch = FETCHING.has(name);
          const local = {
            ...args,
            ...(args.plan?.remote ? { plan: await localRepository(home, args.plan, { fetch }) } : {}),
            ...(args.project?.remote ? { project: await localRepository(home, args.project, { fetch }) } : {}),
          };
          return await run(local, ...rest);
        } finally {
          await shipping?.stop();
        }
      },
    ]),
  ) as T;
}

/**
 * Every activity of a host's own task queue: all of them touch a worktree on this host. They run
 * with a heartbeat timeout, and some wait on things that can take longer than it without a process
 * of their own to report on (a big checkout or archive, a health check, a rolling restart): each
 * heartbeats for its whole run.
 */
export function createHostActivities(deps: HostDeps) {
  const agent = createAgentActivities(deps);
  const activities = {
    ...createWorktreeActivities(deps),
    ...agent,
    ...createPlanningActivities(deps, agent),
    ...createGateActivities(deps, agent),
    ...createMergeActivities(deps),
    ...createReleaseActivities(deps),
    ...createHostMaintenanceActivities(deps),
  };
  return heartbeating(onThisHost(deps, activities));
}

export type HostActivities = ReturnType<typeof createHostActivities>;
