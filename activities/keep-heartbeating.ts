import { Context } from '@temporalio/activity';

/**
 * Runs `work` inside an activity while heartbeating every `everyMs`, so a step that waits on
 * something slow (a health check, a rolling restart) is not timed out by `heartbeatTimeout`, and
 * a worker that dies meanwhile is noticed within it.
 */
export async function keepHeartbeating<T>(work: () => Promise<T>, everyMs = 1000): Promise<T> {
  const ctx = Context.current();
  ctx.heartbeat();
  const beat = setInterval(() => ctx.heartbeat(), everyMs);
  try {
    return await work();
  } finally {
    clearInterval(beat);
  }
}
