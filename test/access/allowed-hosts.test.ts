import { describe, expect, it } from '@jest/globals';
import { allowedHosts, allowedOrigins } from '../../access/allowed-hosts.js';

const interfaces = { lo: [{ address: '127.0.0.1' }], eth0: [{ address: '10.1.2.3' }, { address: 'fe80::1' }] } as never;

describe('allowedHosts', () => {
  it('takes the loopback names and the bind address, each with the port', () => {
    expect([...allowedHosts({ host: '127.0.0.1', port: 8080 }, interfaces, 'box')].sort()).toEqual(['127.0.0.1:8080', '[::1]:8080', 'localhost:8080']);
    expect(allowedHosts({ host: '::1', port: 9000 }, interfaces, 'box').has('[::1]:9000')).toBe(true);
  });

  it("adds this machine's addresses and name for a wildcard bind, and the public URL's host", () => {
    const hosts = allowedHosts({ host: '0.0.0.0', port: 8080, publicUrl: new URL('https://RM.Example.com/') }, interfaces, 'box');
    expect(hosts).toEqual(new Set(['localhost:8080', '127.0.0.1:8080', '[::1]:8080', '10.1.2.3:8080', '[fe80::1]:8080', 'box:8080', 'rm.example.com']));
    expect(allowedOrigins({ host: '0.0.0.0', port: 8080, publicUrl: new URL('https://rm.example.com/') }, hosts)).toContain('https://rm.example.com');
  });

  it('accepts the host without a port only on port 80', () => {
    expect(allowedHosts({ host: '127.0.0.1', port: 80 }, interfaces, 'box').has('localhost')).toBe(true);
    expect(allowedHosts({ host: '127.0.0.1', port: 8080 }, interfaces, 'box').has('localhost')).toBe(false);
  });
});
