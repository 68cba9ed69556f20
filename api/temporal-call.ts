import type { ConnectionLike } from '@temporalio/client';
import { ErrorCode, HttpError } from './errors.js';

/** How long one request may wait for Temporal before it answers 503. */
export const TEMPORAL_CALL_MS = 5000;

// gRPC status codes of a cluster that is not there (or not answering).
const DEADLINE_EXCEEDED = 4;
const UNAVAILABLE = 14;

/** True when `err` (or its cause) says Temporal could not be reached or did not answer in time. */
export function isTemporalUnavailable(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === DEADLINE_EXCEEDED || e.code === UNAVAILABLE) return true;
  }
  return false;
}

/**
 * Runs `call` against Temporal with a deadline: a cluster that is down or stuck turns into an
 * HttpError 503 naming Temporal (details.failing: ['temporal']) within TEMPORAL_CALL_MS, instead of
 * a request that hangs for 20 s and then fails with 500. Other errors are rethrown as they are.
 */
export async function callTemporal<T>(connection: ConnectionLike, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await connection.withDeadline(Date.now() + TEMPORAL_CALL_MS, call);
  } catch (err) {
    if (!isTemporalUnavailable(err)) throw err;
    throw new HttpError(503, ErrorCode.serviceUnavailable, `Temporal did not answer in ${TEMPORAL_CALL_MS / 1000} s, so ${what} did not happen: try again when it is up`, { failing: ['temporal'] });
  }
}
