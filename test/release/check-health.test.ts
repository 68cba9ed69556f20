import { afterEach, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkHealth } from '../../release/check-health.js';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A health endpoint on 127.0.0.1 answering the n-th request (from 1) with `answer(n)`; null never answers. */
async function serve(answer: (n: number) => { status: number; body?: unknown } | null): Promise<{ url: string; requests: () => number }> {
  let n = 0;
  const server = http.createServer((_req, res) => {
    const reply = answer(++n);
    if (reply === null) return;
    res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body ?? {}));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`, requests: () => n };
}

describe('checkHealth', () => {
  it('is healthy at the first 2xx answer', async () => {
    const { url } = await serve(() => ({ status: 200 }));
    await expect(checkHealth(url, { withinMs: 5000 })).resolves.toEqual({ ok: true, attempts: 1, detail: `${url} answered 200` });
  });

  it('asks again until a service that starts slowly answers 2xx', async () => {
    const { url } = await serve((n) => ({ status: n < 3 ? 503 : 200 }));
    const seen: number[] = [];
    const result = await checkHealth(url, { withinMs: 5000, intervalMs: 50, onAttempt: (attempt) => seen.push(attempt) });
    expect(result).toMatchObject({ ok: true, attempts: 3 });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('gives up when its window ends, with the last answer', async () => {
    const { url, requests } = await serve(() => ({ status: 500, body: { error: 'broken' } }));
    const started = Date.now();
    const result = await checkHealth(url, { withinMs: 1000, intervalMs: 200 });
    const took = Date.now() - started;
    expect(result.ok).toBe(false);
    expect(result.detail).toBe(`${url} answered 500: {"error":"broken"}`);
    expect(result.attempts).toBe(requests());
    expect(result.attempts).toBeGreaterThanOrEqual(3);
    expect(took).toBeGreaterThanOrEqual(600);
    expect(took).toBeLessThan(3000);
  });

  it('does not wait past its window for a service that never answers', async () => {
    const { url } = await serve(() => null);
    const started = Date.now();
    const result = await checkHealth(url, { withinMs: 800, timeoutMs: 30_000 });
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(/timeout|aborted/i);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('wants the expected commit when asked for one', async () => {
    const { url } = await serve(() => ({ status: 200, body: { commit: 'old' } }));
    const result = await checkHealth(url, { withinMs: 300, intervalMs: 100, expectCommit: 'new' });
    expect(result).toMatchObject({ ok: false, detail: `${url} reports commit old, expected new` });
  });
});
