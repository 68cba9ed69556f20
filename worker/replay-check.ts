import { Client, ServiceError, type Connection } from '@temporalio/client';
import { NamespaceNotFoundError, type HistoryAndWorkflowId } from '@temporalio/common';
import { workerTracing } from '../telemetry/temporal-tracing.js';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import fs from 'node:fs';
import { candidateQueries, fetchHistories, listReplayCandidates, type CandidateQueries, type ReplayCandidate } from '../temporal/replay-candidates.js';

/** Why one history failed to replay; the CLI's JSON carries these values, so they never change. */
export const ReplayFailureKind = {
  /** The new code issues other commands than the history recorded: the run would break. */
  nondeterminism: 'nondeterminism',
  /** Any other failure of the replay, e.g. the new code throws or lacks the workflow type. */
  replayError: 'replay-error',
} as const;
export type ReplayFailureKind = (typeof ReplayFailureKind)[keyof typeof ReplayFailureKind];

/** One history the workflow bundle could not replay. */
export interface ReplayFailure {
  workflowId: string;
  runId: string;
  workflowType: string;
  /** True when the run was still running when it was listed. */
  running: boolean;
  kind: ReplayFailureKind;
  /** The SDK's details (for nondeterminism: which command met which event). */
  error: string;
}

export interface ReplayCheckOptions {
  /** A client connection to the cluster whose workflows the new code would take over. */
  connection: Connection;
  namespace: string;
  /** The workflows' task queue (`ringmaster`). */
  taskQueue: string;
  /** The workflow bundle to check (a release's `dist/workflow-bundle.js`). */
  workflowBundlePath: string;
  /** Closed runs are checked when they closed at most this many hours ago; running ones always. */
  closedWithinHours: number;
  /** At most this many histories, running runs first. */
  maxHistories: number;
  /** Histories fetched at once while others replay (default 5). */
  fetchConcurrency?: number;
  /** The time the closing window ends (default: now). */
  now?: Date;
}

/** What a replay check found. */
export interface ReplayCheckResult {
  /** The visibility queries used (running runs, runs closed in the window). */
  queries: CandidateQueries;
  /** Histories replayed. */
  checked: number;
  /** Runs listed as running, and as closed within the window. */
  running: number;
  closed: number;
  /** Listed runs whose history was deleted before it could be read (retention). */
  vanished: number;
  /** True when more runs matched than `maxHistories`. */
  truncated: boolean;
  failures: ReplayFailure[];
  /** Listing; fetching and replaying (they overlap); everything. */
  timings: { listMs: number; replayMs: number; totalMs: number };
}

/** What kept a replay check from giving an answer (not a history that failed to replay). */
export const ReplayCheckErrorKind = {
  bundleMissing: 'bundle-missing',
  unreachable: 'unreachable',
  namespaceNotFound: 'namespace-not-found',
  badQuery: 'bad-query',
  cluster: 'cluster-error',
  replayWorker: 'replay-worker',
} as const;
export type ReplayCheckErrorKind = (typeof ReplayCheckErrorKind)[keyof typeof ReplayCheckErrorKind];

/** A replay check that could not run to the end; `kind` says why, the message says it in one line. */
export class ReplayCheckError extends Error {
  override readonly name = 'ReplayCheckError';
  constructor(
    readonly kind: ReplayCheckErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message.replace(/\s+/g, ' ').trim(), options);
  }
}

const UNAVAILABLE = 14;
const DEADLINE_EXCEEDED = 4;
const INVALID_ARGUMENT = 3;

function oneLine(err: unknown): string {
  const e = err as { message?: string; cause?: { details?: string; message?: string } };
  return [e.message, e.cause?.details || e.cause?.message].filter(Boolean).join(': ') || String(err);
}

/** Maps an error of the cluster (listing or fetching histories) to a ReplayCheckError. */
export function classifyClusterError(err: unknown, where: { address?: string; namespace: string }): ReplayCheckError {
  if (err instanceof ReplayCheckError) return err;
  const at = where.address ? ` at ${where.address}` : '';
  if (err instanceof NamespaceNotFoundError) {
    return new ReplayCheckError(ReplayCheckErrorKind.namespaceNotFound, `Temporal namespace "${where.namespace}"${at} does not exist`, { cause: err });
  }
  const code = err instanceof ServiceError ? (err.cause as { code?: number } | undefined)?.code : undefined;
  if (code === UNAVAILABLE || code === DEADLINE_EXCEEDED) {
    return new ReplayCheckError(ReplayCheckErrorKind.unreachable, `cannot reach Temporal${at}: ${oneLine(err)}`, { cause: err });
  }
  if (code === INVALID_ARGUMENT) return new ReplayCheckError(ReplayCheckErrorKind.badQuery, `Temporal rejected the visibility query: ${oneLine(err)}`, { cause: err });
  return new ReplayCheckError(ReplayCheckErrorKind.cluster, `Temporal${at} failed: ${oneLine(err)}`, { cause: err });
}

/**
 * The readable part of a replay error: the SDK prefixes a generic sentence ("… Details: ") and Core
 * renders its failure as Rust debug output, whose first `message: "…"` says what went wrong.
 */
export function replayErrorDetails(message: string): string {
  const at = message.indexOf('Details: ');
  const details = at >= 0 ? message.slice(at + 'Details: '.length) : message;
  const inner = /message: "((?:[^"\\]|\\.)*)"/.exec(details)?.[1];
  if (inner === undefined) return details;
  try {
    return JSON.parse(`"${inner}"`) as string;
  } catch {
    return inner;
  }
}

/**
 * Replays the histories of the task queue's running runs and of its runs closed within the window
 * against the given workflow bundle, with one replay worker for all of them, and returns what failed
 * (a DeterminismViolationError is `nondeterminism`, any other replay error `replay-error`).
 * Resolves even when histories fail; throws ReplayCheckError when it cannot give an answer: the
 * bundle is missing or does not load, the cluster is unreachable, the namespace does not exist,
 * the task queue cannot be queried.
 */
export async function checkReplay(options: ReplayCheckOptions): Promise<ReplayCheckResult> {
  const started = performance.now();
  if (!fs.existsSync(options.workflowBundlePath)) {
    throw new ReplayCheckError(ReplayCheckErrorKind.bundleMissing, `workflow bundle ${options.workflowBundlePath} not found (\`npm run build\` writes dist/workflow-bundle.js)`);
  }
  const where = { address: options.connection.options.address, namespace: options.namespace };
  const client = new Client({ connection: options.connection, namespace: options.namespace });
  const closedSince = new Date((options.now ?? new Date()).getTime() - options.closedWithinHours * 3_600_000);
  let queries: CandidateQueries;
  try {
    queries = candidateQueries(options.taskQueue, closedSince);
  } catch (err) {
    throw new ReplayCheckError(ReplayCheckErrorKind.badQuery, (err as Error).message, { cause: err });
  }

  let listed: { candidates: ReplayCandidate[]; truncated: boolean };
  try {
    listed = await listReplayCandidates(client, queries, options.maxHistories);
  } catch (err) {
    throw classifyClusterError(err, where);
  }
  const listMs = performance.now() - started;

  const byRun = new Map(listed.candidates.map((c) => [c.runId, c]));
  const failures: ReplayFailure[] = [];
  let checked = 0;
  let vanished = 0;
  let fetchError: unknown;
  // The replay worker sees only histories; vanished runs and fetch errors are counted on the way.
  async function* histories(): AsyncGenerator<HistoryAndWorkflowId> {
    try {
      for await (const { candidate, history } of fetchHistories(client, listed.candidates, options.fetchConcurrency ?? 5)) {
        if (history === null) vanished++;
        else yield { workflowId: candidate.workflowId, history };
      }
    } catch (err) {
      fetchError = err;
    }
  }

  const replayStarted = performance.now();
  try {
    const replays = Worker.runReplayHistories({ workflowBundle: { codePath: options.workflowBundlePath }, replayName: 'ringmaster-replay-check', ...workerTracing(undefined) }, histories());
    for await (const result of replays) {
      checked++;
      if (!result.error) continue;
      const candidate = byRun.get(result.runId);
      failures.push({
        workflowId: result.workflowId,
        runId: result.runId,
        workflowType: candidate?.workflowType ?? 'unknown',
        running: candidate?.running ?? false,
        kind: result.error instanceof DeterminismViolationError ? ReplayFailureKind.nondeterminism : ReplayFailureKind.replayError,
        error: replayErrorDetails(result.error.message),
      });
    }
  } catch (err) {
    throw new ReplayCheckError(ReplayCheckErrorKind.replayWorker, `the replay worker failed on ${options.workflowBundlePath}: ${oneLine(err)}`, { cause: err });
  }
  if (fetchError !== undefined) throw classifyClusterError(fetchError, where);
  const replayMs = performance.now() - replayStarted;

  const running = listed.candidates.filter((c) => c.running).length;
  return {
    queries,
    checked,
    running,
    closed: listed.candidates.length - running,
    vanished,
    truncated: listed.truncated,
    failures,
    timings: { listMs: Math.round(listMs), replayMs: Math.round(replayMs), totalMs: Math.round(performance.now() - started) },
  };
}
