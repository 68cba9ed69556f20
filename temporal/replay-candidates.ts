import { WorkflowNotFoundError } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

/** One workflow run whose history a replay check reads. */
export interface ReplayCandidate {
  workflowId: string;
  runId: string;
  workflowType: string;
  running: boolean;
}

/** The visibility queries that select a task queue's running runs and its runs closed since a time. */
export interface CandidateQueries {
  running: string;
  closed: string;
}

/**
 * Returns the visibility queries for the runs of `taskQueue`: the running ones, and the ones closed
 * after `closedSince` (a running run has no CloseTime, so the second never repeats the first).
 * Both were checked against the dev server's SQLite visibility, which rejects ORDER BY.
 * Throws a TypeError for a queue name that cannot be quoted (quotes or backslashes).
 */
export function candidateQueries(taskQueue: string, closedSince: Date): CandidateQueries {
  if (!taskQueue || /["'\\]/.test(taskQueue)) throw new TypeError(`task queue ${JSON.stringify(taskQueue)} cannot be used in a visibility query`);
  const queue = `TaskQueue = "${taskQueue}"`;
  return {
    running: `${queue} AND ExecutionStatus = "Running"`,
    closed: `${queue} AND CloseTime > "${closedSince.toISOString()}"`,
  };
}

/**
 * Lists the runs the queries select, running ones first, at most `limit` in all (the same run is
 * never listed twice, even if it closed between the two queries). `truncated` says that more
 * runs matched. Throws the client's errors (ServiceError, NamespaceNotFoundError) as they are.
 */
export async function listReplayCandidates(client: Client, queries: CandidateQueries, limit: number): Promise<{ candidates: ReplayCandidate[]; truncated: boolean }> {
  const candidates: ReplayCandidate[] = [];
  const seen = new Set<string>();
  for (const [query, running] of [
    [queries.running, true],
    [queries.closed, false],
  ] as const) {
    for await (const execution of client.workflow.list({ query, pageSize: Math.min(Math.max(limit, 1), 1000) })) {
      if (seen.has(execution.runId)) continue;
      // Stop paging as soon as one run too many shows that the list is cut.
      if (candidates.length === limit) return { candidates, truncated: true };
      seen.add(execution.runId);
      candidates.push({ workflowId: execution.workflowId, runId: execution.runId, workflowType: execution.type, running });
    }
  }
  return { candidates, truncated: false };
}

/** A candidate with its history, or `history: null` when the run was deleted after it was listed. */
export interface FetchedHistory {
  candidate: ReplayCandidate;
  history: History | null;
}

/**
 * Fetches the candidates' histories in order, with at most `concurrency` fetches ahead of the
 * consumer (the client's `intoHistories` buffers without bound in 1.24 and loses the workflow
 * type). A run that vanished (retention) yields `history: null`; other errors reject the iteration.
 */
export async function* fetchHistories(client: Client, candidates: readonly ReplayCandidate[], concurrency: number): AsyncGenerator<FetchedHistory> {
  const fetchOne = async (candidate: ReplayCandidate): Promise<FetchedHistory> => {
    try {
      return { candidate, history: await client.workflow.getHandle(candidate.workflowId, candidate.runId).fetchHistory() };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return { candidate, history: null };
      throw err;
    }
  };
  const inFlight: Promise<FetchedHistory>[] = [];
  let next = 0;
  const startNext = (): void => {
    const fetching = fetchOne(candidates[next++]!);
    // A consumer that stops early never awaits the fetches already started; keep their errors quiet.
    fetching.catch(() => undefined);
    inFlight.push(fetching);
  };
  while (next < candidates.length && inFlight.length < Math.max(1, concurrency)) startNext();
  while (inFlight.length > 0) {
    const fetched = await inFlight.shift()!;
    if (next < candidates.length) startNext();
    yield fetched;
  }
}
