import type { TemporalSettings } from '../config/settings.js';

/** Options shared by client `Connection` and worker `NativeConnection` for one cluster. */
export function connectionOptions(temporal: TemporalSettings): { address: string; tls?: boolean; apiKey?: string } {
  return {
    address: temporal.address,
    ...(temporal.tls ? { tls: true } : {}),
    ...(temporal.apiKey ? { apiKey: temporal.apiKey } : {}),
  };
}
