import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManagedProcess, type ProcessSpec } from '../../supervisor/managed-process.js';
import { eventually, isAlive, waitForExit } from '../support/processes.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';

const program = (name: string) => fileURLToPath(new URL(`../fixtures/programs/${name}`, import.meta.url));

let dir: string;
let child: ManagedProcess | undefined;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(async () => {
  if (child) {
    await child.stop(1000);
    await child.close();
    child = undefined;
  }
  removeDir(dir);
});

function managed(name: string, overrides: Partial<ProcessSpec> = {}): { child: ManagedProcess; lines: string[] } {
  const lines: string[] = [];
  child = new ManagedProcess({
    name: 'fixture',
    command: process.execPath,
    args: [program(name)],
    logFile: path.join(dir, 'fixture.log'),
    echo: (line) => lines.push(line),
    stopGraceMs: 5000,
    ...overrides,
  });
  return { child, lines };
}

describe('ManagedProcess', () => {
  it('stops the whole process group, grandchildren included', async () => {
    const { child: proc, lines } = managed('parent-with-grandchild.mjs');
    proc.start();
    const pids = await eventually(() => lines.map((l) => JSON.parse(l) as { parent: number; grandchild: number })[0], 'the pids line');
    expect(pids.parent).toBe(proc.pid);
    expect(isAlive(pids.grandchild)).toBe(true);
    await proc.stop();
    await waitForExit(pids.parent, 5000);
    await waitForExit(pids.grandchild, 5000);
    expect(proc.running).toBe(false);
  });

  it('restarts a crashing child with growing delays and writes its output to the log file', async () => {
    const { child: proc, lines } = managed('crash-soon.mjs', { backoff: { initialMs: 50, maxMs: 400, stableAfterMs: 60_000 } });
    const starts: number[] = [];
    proc.on('started', () => starts.push(Date.now()));
    proc.start();
    await eventually(() => (lines.filter((l) => l.startsWith('crashing')).length >= 4 ? true : undefined), 'four crashes');
    await proc.stop();
    await proc.close();
    expect(starts[3]! - starts[0]!).toBeGreaterThanOrEqual(50 + 100 + 200);
    const log = fs.readFileSync(path.join(dir, 'fixture.log'), 'utf8');
    expect(log.match(/^crashing \d+$/gm)?.length).toBeGreaterThanOrEqual(4);
    expect(log).toContain('[supervisor] fixture exited (code 3); restarting in 50 ms (crash 1)');
    expect(log).toContain('[supervisor] fixture exited (code 3); restarting in 100 ms (crash 2)');
    expect(log).toContain('[supervisor] fixture exited (code 3); restarting in 200 ms (crash 3)');
  });

  it('does not restart a child it was asked to stop', async () => {
    const { child: proc } = managed('parent-with-grandchild.mjs');
    let starts = 0;
    proc.on('started', () => starts++);
    const exited = new Promise<boolean>((resolve) => proc.once('exit', (_code: unknown, _signal: unknown, willRestart: boolean) => resolve(willRestart)));
    proc.start();
    await proc.stop();
    // It says at its exit whether a restart follows.
    expect(await exited).toBe(false);
    expect(starts).toBe(1);
  });

  it('kills a child that ignores SIGTERM once the grace time is over', async () => {
    const { child: proc, lines } = managed('ignore-sigterm.mjs', { stopGraceMs: 300 });
    proc.start();
    await eventually(() => (lines.includes('ready') ? true : undefined), 'ready');
    const pid = proc.pid!;
    const started = Date.now();
    await proc.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(lines).toContain('ignoring SIGTERM');
    await waitForExit(pid, 5000);
  });
});
