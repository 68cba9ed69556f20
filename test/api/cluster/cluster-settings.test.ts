import { describe, expect, it } from '@jest/globals';
import { DEFAULT_API_CLUSTER_SETTINGS, resolveApiClusterSettings } from '../../../api/cluster/cluster-settings.js';
import { ConfigError } from '../../../config/config-error.js';

describe('resolveApiClusterSettings', () => {
  it('defaults to a 30 s drain and a 60 s worker start', () => {
    expect(resolveApiClusterSettings({})).toEqual({ drainMs: 30_000, workerStartMs: 60_000 });
    expect(resolveApiClusterSettings({ RINGMASTER_API_DRAIN_MS: '' })).toEqual(DEFAULT_API_CLUSTER_SETTINGS);
  });

  it('reads both from the environment', () => {
    expect(resolveApiClusterSettings({ RINGMASTER_API_DRAIN_MS: '1500', RINGMASTER_API_WORKER_START_MS: '0' })).toEqual({ drainMs: 1500, workerStartMs: 0 });
  });

  it.each(['abc', '-5', '1.5', '1e3'])('refuses %s, naming the variable', (value) => {
    expect(() => resolveApiClusterSettings({ RINGMASTER_API_DRAIN_MS: value })).toThrow(ConfigError);
    expect(() => resolveApiClusterSettings({ RINGMASTER_API_DRAIN_MS: value })).toThrow(`RINGMASTER_API_DRAIN_MS: must be a whole number of milliseconds, got "${value}"`);
  });
});
