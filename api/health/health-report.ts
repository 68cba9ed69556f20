import { Type, type Static } from 'typebox';
import type { ClusterStatus } from '../../temporal/cluster-probe.js';
import type { LiveWorker } from '../../temporal/worker-registry.js';
import { ErrorBody, ErrorCode, errorBody } from '../errors.js';

const PartStatus = Type.Union([Type.Literal('ok'), Type.Literal('unreachable')]);

const WorkerEntry = Type.Object({
  identity: Type.String(),
  hostName: Type.String(),
  pid: Type.Integer(),
  taskQueues: Type.Array(Type.String()),
  sdkVersion: Type.String(),
  lastHeartbeat: Type.String({ format: 'date-time' }),
});

/** GET /health body, for 200 and 503 alike. */
export const HealthReport = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('unavailable')], {
      description: 'ok: all parts work; degraded: no live worker (tasks wait); unavailable: Temporal or the database is unreachable',
    }),
    version: Type.String(),
    commit: Type.String(),
    temporal: Type.Object({
      status: PartStatus,
      address: Type.String(),
      namespace: Type.String(),
      serverVersion: Type.Optional(Type.String()),
      uiUrl: Type.Optional(Type.String()),
      error: Type.Optional(Type.String()),
    }),
    db: Type.Object({
      status: PartStatus,
      path: Type.String(),
      schemaVersion: Type.Optional(Type.Integer()),
      error: Type.Optional(Type.String()),
    }),
    workers: Type.Object({
      status: Type.Union([Type.Literal('ok'), Type.Literal('none'), Type.Literal('unknown')]),
      count: Type.Integer(),
      list: Type.Array(WorkerEntry),
      error: Type.Optional(Type.String()),
    }),
    error: Type.Optional(ErrorBody.properties.error),
  },
  { $id: 'HealthReport' },
);
export type HealthReport = Static<typeof HealthReport>;

export interface HealthParts {
  version: string;
  commit: string;
  temporal: ClusterStatus & { uiUrl?: string | undefined };
  db: { ok: boolean; path: string; schemaVersion?: number; error?: string };
  workers: { ok: true; list: LiveWorker[] } | { ok: false; error: string };
}

/**
 * Combines the probes into the health report and its HTTP status: 503 naming the failing part
 * when Temporal or the database is unreachable, else 200 ("degraded" when no worker is live).
 */
export function summarizeHealth(parts: HealthParts): { statusCode: 200 | 503; report: HealthReport } {
  const failing = [...(parts.temporal.ok ? [] : ['temporal']), ...(parts.db.ok ? [] : ['db'])];
  const workers: HealthReport['workers'] = parts.workers.ok
    ? { status: parts.workers.list.length > 0 ? 'ok' : 'none', count: parts.workers.list.length, list: parts.workers.list }
    : { status: 'unknown', count: 0, list: [], error: parts.workers.error };
  const report: HealthReport = {
    status: failing.length > 0 ? 'unavailable' : workers.status === 'ok' ? 'ok' : 'degraded',
    version: parts.version,
    commit: parts.commit,
    temporal: {
      status: parts.temporal.ok ? 'ok' : 'unreachable',
      address: parts.temporal.address,
      namespace: parts.temporal.namespace,
      ...(parts.temporal.serverVersion ? { serverVersion: parts.temporal.serverVersion } : {}),
      ...(parts.temporal.uiUrl ? { uiUrl: parts.temporal.uiUrl } : {}),
      ...(parts.temporal.error ? { error: parts.temporal.error } : {}),
    },
    db: {
      status: parts.db.ok ? 'ok' : 'unreachable',
      path: parts.db.path,
      ...(parts.db.schemaVersion !== undefined ? { schemaVersion: parts.db.schemaVersion } : {}),
      ...(parts.db.error ? { error: parts.db.error } : {}),
    },
    workers,
  };
  if (failing.length === 0) return { statusCode: 200, report };
  const reasons = failing.map((part) => `${part}: ${part === 'db' ? parts.db.error : parts.temporal.error}`);
  const { error } = errorBody(ErrorCode.serviceUnavailable, `unavailable: ${reasons.join('; ')}`, { failing });
  return { statusCode: 503, report: { ...report, error } };
}
