import { describe, expect, it } from '@jest/globals';
import { hasReleaseWork } from '../../model/reload.js';

const nothing = { self: false, buildCommand: null, reloadCommand: null, healthUrl: null, deployHosts: [] };

describe('hasReleaseWork', () => {
  it('is false for a project with nothing to build, run, check or put on other hosts', () => {
    expect(hasReleaseWork(nothing)).toBe(false);
    // Histories from before deployHosts existed carry none.
    expect(hasReleaseWork({ ...nothing, deployHosts: undefined })).toBe(false);
  });

  it.each([
    ['Ringmaster itself', { self: true }],
    ['a build command', { buildCommand: ['npm', 'run', 'build'] }],
    ['a reload command', { reloadCommand: ['systemctl', 'reload', 'app'] }],
    ['a health URL', { healthUrl: 'http://127.0.0.1:8080/health' }],
    ['deploy hosts', { deployHosts: ['web'] }],
  ])('is true with %s', (_what, change) => {
    expect(hasReleaseWork({ ...nothing, ...change })).toBe(true);
  });
});
