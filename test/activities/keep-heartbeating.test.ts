import { describe, expect, it } from '@jest/globals';
import { MockActivityEnvironment } from '@temporalio/testing';
import { keepHeartbeating } from '../../activities/keep-heartbeating.js';
import { activityProcessHooks } from '../../activities/process-in-activity.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An activity environment with a 300 ms heartbeat timeout: keepHeartbeating starts after 100 ms. */
function recording(info: ConstructorParameters<typeof MockActivityEnvironment>[0] = {}) {
  const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 300, ...info });
  const beats: unknown[] = [];
  env.on('heartbeat', (details: unknown) => beats.push(details === undefined ? undefined : structuredClone(details)));
  return { env, beats };
}

describe('keepHeartbeating', () => {
  it('sends nothing during the first third of the heartbeat timeout, so quick work heartbeats as before', async () => {
    const { env, beats } = recording();
    await expect(env.run(() => keepHeartbeating(async () => (await sleep(50), 'done'), 20))).resolves.toBe('done');
    await sleep(200);
    expect(beats).toEqual([]);
  });

  it('then heartbeats every interval while the work runs, and stops after', async () => {
    const { env, beats } = recording();
    await env.run(() => keepHeartbeating(() => sleep(500), 50));
    const during = beats.length;
    expect(during).toBeGreaterThanOrEqual(4);
    await sleep(200);
    expect(beats.length).toBe(during);
  });

  it('lets a process started early report its pid first, and carries it on, never replacing it with nothing', async () => {
    const { env, beats } = recording();
    await env.run(() =>
      keepHeartbeating(async () => {
        const hooks = activityProcessHooks(process.cwd());
        hooks.onSpawn(4242);
        await sleep(400);
        hooks.dispose();
      }, 50),
    );
    expect(beats.length).toBeGreaterThanOrEqual(4);
    for (const beat of beats) expect(beat).toMatchObject({ pid: 4242 });
  });

  it("keeps the previous attempt's details until a process of this attempt sets its own", async () => {
    const { env, beats } = recording({ heartbeatDetails: { pid: 99_999_999, lines: 3 } });
    await env.run(() => keepHeartbeating(() => sleep(250), 50));
    expect(beats.length).toBeGreaterThanOrEqual(1);
    for (const beat of beats) expect(beat).toEqual({ pid: 99_999_999, lines: 3 });
  });

  it('does not heartbeat an activity that has no heartbeat timeout', async () => {
    const { env, beats } = recording({ heartbeatTimeoutMs: undefined });
    await env.run(() => keepHeartbeating(() => sleep(200), 20));
    expect(beats).toEqual([]);
  });
});
