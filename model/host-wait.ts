import { AgentId } from './agents.js';
import { isFinalStatus, type TaskStatus } from './task-status.js';

/** What `hostWait` needs to know of a task. */
export interface HostWaitTask {
  status: TaskStatus;
  hostId: string | null;
  agent: AgentId;
}

/**
 * Why an unfinished task makes no progress when the host holding its worktree has no live worker,
 * or null when that is not so (or the live hosts are unknown: Temporal did not answer). A task of
 * a project without a remote cannot move, so it waits for its host; one with a remote moves after
 * `hostLostMinutes`. External agents are not hosts, so their tasks never wait for one. Pure.
 */
export function hostWait(task: HostWaitTask, project: { remote: string | null }, liveHosts: ReadonlySet<string> | undefined, hostLostMinutes: number): string | null {
  if (!liveHosts || !task.hostId || isFinalStatus(task.status) || task.agent === AgentId.external || liveHosts.has(task.hostId)) return null;
  const down = `host ${task.hostId}, which holds its worktree, is not running (no worker of it reports to Temporal)`;
  return project.remote
    ? `${down}: the task moves to another host once ${task.hostId} has not been seen for ${hostLostMinutes} minute(s)`
    : `${down}: its project has no remote, so the task cannot move and waits for ${task.hostId} to come back (start ringmaster there)`;
}
