import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import fs from 'node:fs';
import path from 'node:path';
import { runProjectCommand, type ProjectCommand, type ProjectCommandResult } from '../process/run-project-command.js';
import { setHeartbeatDetails } from './keep-heartbeating.js';

/** What a running process activity records in its heartbeats. */
export interface ProcessHeartbeat {
  pid?: number;
  lines: number;
}

// Processes of this worker's running activities; a worker that must stop now (its shutdown grace
// is over) stops them, and the activities fail retryably so another worker picks them up.
const running = new Set<AbortController>();

/** Stops every process an activity of this worker runs; returns how many. */
export function abortProcessActivities(): number {
  for (const controller of running) controller.abort();
  return running.size;
}

// A crashed worker leaves its process group running. Kill it only if it still works in this
// folder, so a pid reused by an unrelated process is never touched.
function killLeftoverGroup(pid: number, cwd: string): void {
  try {
    const where = path.resolve(fs.readlinkSync(`/proc/${pid}/cwd`));
    if (where !== path.resolve(cwd) && !where.startsWith(`${path.resolve(cwd)}${path.sep}`)) return;
  } catch {
    if (fs.existsSync('/proc/self')) return; // Linux, and the process is gone.
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Hooks that tie a child process to the current activity. */
export interface ActivityProcessHooks {
  signal: AbortSignal;
  onSpawn: (pid: number) => void;
  onLine: () => void;
  /** Stops the heartbeats; call when the process ended. */
  dispose: () => void;
  /**
   * Throws when the process was stopped from outside: the activity's cancellation (recorded as
   * cancelled), or this worker stopping (a retryable failure, so another worker runs it again).
   */
  rethrowIfCancelled: (result: { cancelled: boolean }) => void;
}

/**
 * Prepares running a process for the current activity: first kills the process group a previous
 * attempt of this activity left behind (its pid is in the last heartbeat), then heartbeats every
 * second with the pid and a line count, so that a cancellation reaches the process fast and a
 * dead worker is noticed. `cwd` is where the process runs.
 */
export function activityProcessHooks(cwd: string): ActivityProcessHooks {
  const ctx = Context.current();
  const previous = ctx.info.heartbeatDetails as ProcessHeartbeat | undefined;
  if (previous?.pid) killLeftoverGroup(previous.pid, cwd);
  const beat: ProcessHeartbeat = { lines: 0 };
  setHeartbeatDetails(ctx, beat);
  const timer = setInterval(() => ctx.heartbeat(beat), 1000);
  const shutdown = new AbortController();
  running.add(shutdown);
  return {
    signal: AbortSignal.any([ctx.cancellationSignal, shutdown.signal]),
    onSpawn: (pid) => {
      beat.pid = pid;
      ctx.heartbeat(beat);
    },
    onLine: () => {
      beat.lines++;
    },
    dispose: () => {
      clearInterval(timer);
      running.delete(shutdown);
    },
    rethrowIfCancelled: (result) => {
      if (!result.cancelled) return;
      if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason ?? new CancelledFailure('cancelled');
      throw ApplicationFailure.retryable('the worker stopped before this process finished; another worker runs it again', 'WorkerStopped');
    },
  };
}

/**
 * Runs one of the project's commands (setup, tests, build, reload) for the current activity (see
 * activityProcessHooks); a cancellation or this worker stopping is thrown, any other end returned.
 */
export async function runCommandInActivity(command: ProjectCommand): Promise<ProjectCommandResult> {
  const hooks = activityProcessHooks(command.cwd);
  try {
    const result = await runProjectCommand({ ...command, signal: hooks.signal, onSpawn: hooks.onSpawn, onLine: hooks.onLine });
    hooks.rethrowIfCancelled(result);
    return result;
  } finally {
    hooks.dispose();
  }
}
