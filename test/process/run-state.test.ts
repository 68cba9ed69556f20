import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AlreadyRunningError, createRunStateFile } from '../../process/run-state.js';
import { eventually, isAlive, waitForExit } from '../support/processes.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';

const program = fileURLToPath(new URL('../fixtures/programs/parent-with-grandchild.mjs', import.meta.url));

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => removeDir(dir));

/** A pid that certainly belonged to a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid;
}

async function startOrphanGroup(): Promise<{ parent: number; grandchild: number }> {
  const child = spawn(process.execPath, [program], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const pids = await eventually(() => (out.includes('\n') ? (JSON.parse(out) as { parent: number; grandchild: number }) : undefined), 'pids');
  child.unref();
  child.stdout.destroy();
  return pids;
}

describe('run state', () => {
  it('kills the process groups a crashed supervisor left behind', async () => {
    const orphan = await startOrphanGroup();
    const state = createRunStateFile(dir);
    state.write({ pid: deadPid(), startedAt: new Date().toISOString(), children: { temporal: { pid: orphan.parent, command: process.execPath } } });
    expect(await state.reclaim()).toEqual(['temporal']);
    await waitForExit(orphan.parent, 5000);
    await waitForExit(orphan.grandchild, 5000);
    expect(state.read()).toBeUndefined();
  });

  it('leaves alone a recorded pid that now runs another program', async () => {
    const other = await startOrphanGroup();
    try {
      const state = createRunStateFile(dir);
      state.write({ pid: deadPid(), startedAt: new Date().toISOString(), children: { temporal: { pid: other.parent, command: '/opt/temporal/bin/temporal' } } });
      expect(await state.reclaim()).toEqual([]);
      expect(isAlive(other.parent)).toBe(true);
    } finally {
      process.kill(-other.parent, 'SIGKILL');
    }
  });

  it('refuses to start while the recorded supervisor is alive', async () => {
    const live = await startOrphanGroup();
    try {
      const state = createRunStateFile(dir);
      state.write({ pid: live.parent, startedAt: new Date().toISOString(), children: {} });
      await expect(state.reclaim()).rejects.toThrow(AlreadyRunningError);
      await expect(state.reclaim()).rejects.toThrow(`supervisor pid ${live.parent}`);
    } finally {
      process.kill(-live.parent, 'SIGKILL');
    }
  });
});
