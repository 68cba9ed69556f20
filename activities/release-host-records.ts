import { ApplicationFailure } from '@temporalio/activity';
import { chooseReleaseHosts, type ReleaseHosts } from '../model/release-hosts.js';
import type { WorkerInfo } from '../temporal/worker-registry.js';
import { seesCheckouts } from '../temporal/worker-registry.js';
import { ReleaseFailure } from '../model/failure-types.js';

export interface ReleaseHostDeps {
  /** The live workers of the deployment (the cluster's ListWorkers). */
  listWorkers(): Promise<WorkerInfo[]>;
  /** The deployment's workflow task queue: a worker polling it is of the control plane. */
  baseQueue: string;
  /** How long a release waits for a host that picks nothing up (RINGMASTER_HOST_LOST_MINUTES). */
  hostLostMinutes: number;
  /** How often hostServesRelease looks again (tests make it short). */
  pollMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds the control activities that tell the hot reload where a release runs and whether a host serves it. */
export function createReleaseHostActivities(deps: ReleaseHostDeps) {
  return {
    /** Where a release of this project runs (model/release-hosts.ts), and how long it waits for a silent host. */
    async releaseHosts(project: { self: boolean; deployHosts?: string[] }): Promise<ReleaseHosts & { hostLostMinutes: number }> {
      const workers = await deps.listWorkers();
      const candidates = workers.map((worker) => ({ ...worker, controlPlane: seesCheckouts(worker, deps.baseQueue) }));
      return { ...chooseReleaseHosts(project, candidates), hostLostMinutes: deps.hostLostMinutes };
    },

    /**
     * Ringmaster on another host: healthy once that host's worker heartbeats to the cluster from the
     * new release (its identity carries the commit). Throws HealthCheckFailed after `withinSeconds`.
     */
    async hostServesRelease({ hostId, commit, withinSeconds }: { hostId: string; commit: string; withinSeconds: number }): Promise<{ detail: string }> {
      const short = commit.slice(0, 12);
      const deadline = Date.now() + withinSeconds * 1000;
      let seen = 'no live worker';
      for (;;) {
        const mine = (await deps.listWorkers()).filter((worker) => worker.id === hostId);
        const serving = mine.find((worker) => worker.status === 'running' && worker.commit === short);
        if (serving) return { detail: `host ${hostId}: worker ${serving.pid} serves ${short}` };
        if (mine.length) seen = mine.map((worker) => `worker ${worker.pid} ${worker.status} on ${worker.commit || 'an unknown commit'}`).join(', ');
        if (Date.now() >= deadline) {
          throw ApplicationFailure.create({ message: `host ${hostId} does not serve ${short} after ${withinSeconds} s: ${seen}`, type: ReleaseFailure.health, nonRetryable: true });
        }
        await sleep(deps.pollMs ?? 1000);
      }
    },
  };
}

export type ReleaseHostActivities = ReturnType<typeof createReleaseHostActivities>;
