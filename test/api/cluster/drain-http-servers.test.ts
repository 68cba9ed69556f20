import { afterEach, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type net from 'node:net';
import { createDrainControl, type DrainControl } from '../../../api/cluster/drain-http-servers.js';

// Real http servers and real keep-alive sockets on loopback.

interface Served {
  server: http.Server;
  port: number;
  control: DrainControl;
  /** Requests the server received and has not answered yet, by path. */
  held: Map<string, () => void>;
}

let servers: http.Server[] = [];
let agents: http.Agent[] = [];
afterEach(() => {
  for (const agent of agents) agent.destroy();
  for (const server of servers) server.closeAllConnections();
  servers = [];
  agents = [];
});

/** A server answering `ok`; /hold… answers and /stream… ends only once the test releases them. */
async function serve(): Promise<Served> {
  const held = new Map<string, () => void>();
  const server = http.createServer((request, response) => {
    if (request.url?.startsWith('/hold')) held.set(request.url, () => response.end('released'));
    else if (request.url?.startsWith('/stream')) {
      // Headers and a first chunk go out at once; the rest when released.
      response.write('first ');
      held.set(request.url, () => response.end('last'));
    } else response.end('ok');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as net.AddressInfo).port, control: createDrainControl([server]), held };
}

interface Answer {
  status: number;
  body: string;
  connection: string | undefined;
  socket: net.Socket;
  reused: boolean;
}

async function get(port: number, path: string, agent: http.Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path, agent }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode!, body, connection: response.headers.connection, socket: request.socket!, reused: request.reusedSocket }));
    });
    request.once('error', reject);
  });
}

function keepAliveAgent(): http.Agent {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  agents.push(agent);
  return agent;
}

const closed = (socket: net.Socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

describe('createDrainControl', () => {
  it('keeps an idle keep-alive connection open and answers its next request with Connection: close', async () => {
    const { port, control } = await serve();
    const agent = keepAliveAgent();
    const first = await get(port, '/a', agent);
    expect(first.connection).toBe('keep-alive');

    const drained = control.drain({ deadlineMs: 10_000, closeIdle: false });
    expect(control.draining).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(first.socket.destroyed).toBe(false);

    const next = await get(port, '/b', agent);
    expect(next).toMatchObject({ status: 200, body: 'ok', connection: 'close', reused: true });
    const outcome = await drained;
    expect(outcome.forced).toBe(false);
    // Not under node:cluster, so nothing listens any more.
    await expect(get(port, '/c', keepAliveAgent())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('lets an in-flight request finish before it resolves', async () => {
    const { port, control, held } = await serve();
    const answer = get(port, '/hold', keepAliveAgent());
    await waitFor(() => held.has('/hold'));
    let done = false;
    const drained = control.drain({ deadlineMs: 10_000, closeIdle: true }).then((outcome) => ((done = true), outcome));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(done).toBe(false);
    held.get('/hold')!();
    expect(await answer).toMatchObject({ status: 200, body: 'released', connection: 'close' });
    expect((await drained).forced).toBe(false);
  });

  it('closes idle connections at once when asked to', async () => {
    const { port, control } = await serve();
    const idle = await get(port, '/a', keepAliveAgent());
    const started = Date.now();
    await control.drain({ deadlineMs: 10_000, closeIdle: true });
    await closed(idle.socket);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('adds closeIdle to a drain already under way', async () => {
    const { port, control } = await serve();
    const idle = await get(port, '/a', keepAliveAgent());
    const first = control.drain({ deadlineMs: 10_000, closeIdle: false });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(idle.socket.destroyed).toBe(false);
    expect(control.drain({ deadlineMs: 10_000, closeIdle: true })).toBe(first);
    expect((await first).forced).toBe(false);
    await closed(idle.socket);
  });

  it('with closeIdle, also closes a connection left idle by a response that began before the drain', async () => {
    const { port, control, held } = await serve();
    const answer = get(port, '/stream', keepAliveAgent());
    await waitFor(() => held.has('/stream'));
    const drained = control.drain({ deadlineMs: 10_000, closeIdle: true });
    held.get('/stream')!();
    const streamed = await answer;
    expect(streamed).toMatchObject({ status: 200, body: 'first last', connection: 'keep-alive' });
    const outcome = await drained;
    expect(outcome).toMatchObject({ forced: false });
    expect(outcome.durationMs).toBeLessThan(2_000);
    await closed(streamed.socket);
  });

  it('closes every connection still open at the deadline', async () => {
    const { port, control, held } = await serve();
    const answer = get(port, '/hold', keepAliveAgent());
    await waitFor(() => held.has('/hold'));
    const outcome = await control.drain({ deadlineMs: 300, closeIdle: false });
    expect(outcome.forced).toBe(true);
    expect(outcome.durationMs).toBeGreaterThanOrEqual(250);
    await expect(answer).rejects.toMatchObject({ code: 'ECONNRESET' });
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
