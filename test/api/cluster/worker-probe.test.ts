import { afterEach, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import net from 'node:net';
import { answerProbes, probeHostFor, probeWorker } from '../../../api/cluster/worker-probe.js';
import { freePort } from '../../support/free-port.js';

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers) await close();
  closers = [];
});

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as net.AddressInfo).port;
}

describe('probeHostFor', () => {
  it.each([
    ['0.0.0.0', '127.0.0.1'],
    ['::', '::1'],
    ['127.0.0.1', '127.0.0.1'],
    ['localhost', 'localhost'],
    ['192.168.1.10', '192.168.1.10'],
  ])('reaches an API bound on %s at %s', (host, expected) => {
    expect(probeHostFor(host)).toBe(expected);
  });
});

describe('probeWorker', () => {
  it('returns the pid of the process that answered, whatever the status, on a connection it closes', async () => {
    let keepAlive: string | undefined;
    const server = http.createServer((request, response) => {
      keepAlive = request.headers.connection;
      response.statusCode = 503;
      response.end();
    });
    answerProbes([server], 'token-1');
    const port = await listen(server);
    expect(await probeWorker({ host: '0.0.0.0', port, token: 'token-1', timeoutMs: 2_000 })).toBe(process.pid);
    expect(keepAlive).toBe('close');
  });

  it('names no pid to a probe without the right token', async () => {
    const server = http.createServer((_request, response) => response.end());
    answerProbes([server], 'token-1');
    const port = await listen(server);
    expect(await probeWorker({ host: '127.0.0.1', port, token: 'token-2', timeoutMs: 2_000 })).toBeUndefined();
    const plain = await fetch(`http://127.0.0.1:${port}/health`, { headers: { connection: 'close' } });
    expect(plain.headers.get('x-ringmaster-worker-pid')).toBeNull();
  });

  it('returns undefined when the answer names no pid, or nothing answers in time', async () => {
    const plain = http.createServer((_request, response) => response.end());
    expect(await probeWorker({ host: '127.0.0.1', port: await listen(plain), token: 't', timeoutMs: 2_000 })).toBeUndefined();

    // Reads (and drops) what it gets, so it sees the probe hang up, but never answers.
    const silent = net.createServer((socket) => socket.resume());
    const started = Date.now();
    expect(await probeWorker({ host: '127.0.0.1', port: await listen(silent), token: 't', timeoutMs: 300 })).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2_000);

    expect(await probeWorker({ host: '127.0.0.1', port: await freePort(), token: 't', timeoutMs: 2_000 })).toBeUndefined();
  });
});
