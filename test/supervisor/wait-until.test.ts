import { describe, expect, it } from '@jest/globals';
import { NotReadyError, waitUntil } from '../../supervisor/wait-until.js';

describe('waitUntil', () => {
  it('resolves once the check passes', async () => {
    let calls = 0;
    await waitUntil(() => Promise.resolve(++calls >= 3), { timeoutMs: 5000, intervalMs: 5, what: 'three calls' });
    expect(calls).toBe(3);
  });

  it('times out with the last error of the check', async () => {
    const error = await waitUntil(() => Promise.reject(new Error('connection refused')), { timeoutMs: 50, intervalMs: 5, what: 'the server' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(NotReadyError);
    expect((error as Error).message).toMatch(/^timed out after 50 ms waiting for the server: connection refused$/);
  });

  it('gives up early when aborted', async () => {
    const error = await waitUntil(() => Promise.resolve(false), { timeoutMs: 60_000, intervalMs: 5, what: 'the worker', abortReason: () => 'worker exited' }).catch((err: unknown) => err);
    expect((error as Error).message).toBe('gave up waiting for the worker: worker exited');
  });
});
