import { Context } from '@temporalio/activity';

// What each activity's heartbeats carry (a running process's pid, see process-in-activity.ts), so
// the heartbeats sent here never replace details a retry needs with nothing.
const details = new WeakMap<Context, unknown>();

/** From now on every heartbeat of the current activity sent by `keepHeartbeating` carries `value`. */
export function setHeartbeatDetails(ctx: Context, value: unknown): void {
  details.set(ctx, value);
}

/**
 * Runs `work` inside an activity and, once it has run for a third of the activity's heartbeat
 * timeout, heartbeats every `everyMs` until it ends: a step that waits on something slow (a big
 * checkout, a health check, a rolling restart) is not timed out, and a worker that dies meanwhile
 * is still noticed. Nothing is sent earlier, because the SDK sends an attempt's first heartbeat at
 * once and throttles the next ones: a process started in the first seconds reports its pid first.
 */
export async function keepHeartbeating<T>(work: () => Promise<T>, everyMs = 1000): Promise<T> {
  const ctx = Context.current();
  const timeoutMs = ctx.info.heartbeatTimeoutMs;
  if (!timeoutMs) return work();
  // Until a process of this attempt sets its own, the previous attempt's details are kept.
  const beat = () => ctx.heartbeat(details.has(ctx) ? details.get(ctx) : ctx.info.heartbeatDetails);
  let timer: NodeJS.Timeout | undefined;
  const start = setTimeout(() => {
    beat();
    timer = setInterval(beat, everyMs);
  }, timeoutMs / 3);
  try {
    return await work();
  } finally {
    clearTimeout(start);
    clearInterval(timer);
  }
}
