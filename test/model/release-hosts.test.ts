import { describe, expect, it } from '@jest/globals';
import { chooseReleaseHosts, type ReleaseCandidate } from '../../model/release-hosts.js';

const worker = (id: string, capabilities: string[], extra: Partial<ReleaseCandidate> = {}): ReleaseCandidate => ({ id, status: 'running', capabilities, controlPlane: false, ...extra });
const workers = [
  worker('control', ['claude-code', 'web'], { controlPlane: true }),
  // A second process of the control plane's host (e.g. a spawned worker) is the same host.
  worker('control', ['claude-code']),
  worker('b', ['web', 'gpu']),
  worker('a', ['web']),
  worker('c', ['gpu']),
  worker('d', ['web'], { status: 'draining' }),
];

describe('chooseReleaseHosts', () => {
  it('releases an ordinary project on the control plane only', () => {
    expect(chooseReleaseHosts({ self: false }, workers)).toEqual({ controlPlane: true, hosts: [] });
    expect(chooseReleaseHosts({ self: false, deployHosts: [] }, workers)).toEqual({ controlPlane: true, hosts: [] });
  });

  it('releases on every running host with one of the deployHosts labels, by id, the control plane included by its id', () => {
    expect(chooseReleaseHosts({ self: false, deployHosts: ['web'] }, workers)).toEqual({ controlPlane: false, hosts: ['a', 'b', 'control'] });
    expect(chooseReleaseHosts({ self: false, deployHosts: ['gpu', 'web'] }, workers)).toEqual({ controlPlane: false, hosts: ['a', 'b', 'c', 'control'] });
    expect(chooseReleaseHosts({ self: false, deployHosts: ['gpu'] }, workers)).toEqual({ controlPlane: false, hosts: ['b', 'c'] });
  });

  it('says so when no live host has a label, naming how to start one', () => {
    const none = chooseReleaseHosts({ self: false, deployHosts: ['arm64'] }, workers);
    expect(none).toMatchObject({ controlPlane: false, hosts: [] });
    expect(none.problem).toBe('no live host has a label of deployHosts (arm64): start one with ringmaster worker --labels arm64');
  });

  it('rolls Ringmaster itself onto the control plane first, then every other running host', () => {
    expect(chooseReleaseHosts({ self: true, deployHosts: ['gpu'] }, workers)).toEqual({ controlPlane: true, hosts: ['a', 'b', 'c'] });
    expect(chooseReleaseHosts({ self: true }, [])).toEqual({ controlPlane: true, hosts: [] });
  });
});
