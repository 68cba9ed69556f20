import { ConfigError } from '../../config/config-error.js';
import type { Env } from '../../config/settings.js';

/** Timings of the API's cluster primary and its workers. */
export interface ApiClusterSettings {
  /** How long a draining worker lets open connections finish before closing them (RINGMASTER_API_DRAIN_MS). */
  drainMs: number;
  /** How long a new worker may take to listen and answer `GET /health` (RINGMASTER_API_WORKER_START_MS). */
  workerStartMs: number;
}

export const DEFAULT_API_CLUSTER_SETTINGS: ApiClusterSettings = { drainMs: 30_000, workerStartMs: 60_000 };

function readMs(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const ms = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(ms)) {
    throw new ConfigError(name, `must be a whole number of milliseconds, got "${raw}"`);
  }
  return ms;
}

/** Reads the cluster timings from the environment. Throws ConfigError naming the variable at fault. */
export function resolveApiClusterSettings(env: Env): ApiClusterSettings {
  return {
    drainMs: readMs(env, 'RINGMASTER_API_DRAIN_MS', DEFAULT_API_CLUSTER_SETTINGS.drainMs),
    workerStartMs: readMs(env, 'RINGMASTER_API_WORKER_START_MS', DEFAULT_API_CLUSTER_SETTINGS.workerStartMs),
  };
}
