/** A live worker process as far as choosing where a release runs goes. */
export interface ReleaseCandidate {
  id: string;
  status: 'running' | 'draining';
  capabilities: readonly string[];
  /** True for a process of the control plane (it polls the workflow queue). */
  controlPlane: boolean;
}

/** Where one release runs, in order; `problem` says why it can run nowhere. */
export interface ReleaseHosts {
  /** First on the control plane's host (whichever of its processes claims it), as a release always did. */
  controlPlane: boolean;
  /** Then on each of these hosts, one at a time, through their own task queue. */
  hosts: string[];
  problem?: string;
}

/**
 * Chooses where a project's release runs, from the live workers (pure):
 * - Ringmaster itself (`self`): on the control plane's host, then on every other host that runs
 *   Ringmaster, one at a time, so that every host ends on the same code;
 * - `deployHosts` labels: on every running host that has one of them, one at a time (a host
 *   of the control plane too, by its id); none live is a problem, not a wait;
 * - otherwise: on the control plane's host.
 */
export function chooseReleaseHosts(project: { self: boolean; deployHosts?: readonly string[] | undefined }, workers: readonly ReleaseCandidate[]): ReleaseHosts {
  const running = workers.filter((worker) => worker.status === 'running');
  const ids = (list: readonly ReleaseCandidate[]) => [...new Set(list.map((worker) => worker.id))].sort();
  if (project.self) {
    const controlPlaneIds = new Set(running.filter((worker) => worker.controlPlane).map((worker) => worker.id));
    return { controlPlane: true, hosts: ids(running.filter((worker) => !controlPlaneIds.has(worker.id))) };
  }
  const labels = project.deployHosts ?? [];
  if (labels.length === 0) return { controlPlane: true, hosts: [] };
  const hosts = ids(running.filter((worker) => labels.some((label) => worker.capabilities.includes(label))));
  if (hosts.length === 0) return { controlPlane: false, hosts, problem: `no live host has a label of deployHosts (${labels.join(', ')}): start one with ringmaster worker --labels ${labels[0]}` };
  return { controlPlane: false, hosts };
}
