import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProcessStartError } from '../../process/process-errors.js';
import { runProcess, type RunProcessInput } from '../../process/run-process.js';
import { eventually, isAlive, waitForExit } from '../support/processes.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { SHELL_HOSTILE_PROMPT } from '../agents/support/invocation-input.js';

const program = (name: string) => fileURLToPath(new URL(`../fixtures/programs/${name}`, import.meta.url));

interface Pids {
  parent: number;
  grandchild: number;
}

describe('runProcess', () => {
  let dir: string;
  let logFile: string;
  const started: number[] = [];

  beforeEach(() => {
    dir = makeTempDir('ringmaster-agent-process-');
    logFile = path.join(dir, 'logs', 'iteration-1.log');
  });

  afterEach(() => {
    // A failing test must not leave its processes behind.
    for (const pid of started.splice(0)) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    removeDir(dir);
  });

  function run(args: string[], more: Partial<RunProcessInput> = {}) {
    return runProcess({
      command: process.execPath,
      args,
      cwd: dir,
      logFile,
      ...more,
      onSpawn: (pid) => {
        started.push(pid);
        more.onSpawn?.(pid);
      },
    });
  }

  it('returns a non-zero exit as a result and passes every line to onLine and the log file', async () => {
    const lines: Array<[string, string]> = [];
    const result = await run([program('mixed-output.mjs'), '3'], { onLine: (line, stream) => lines.push([stream, line]) });

    expect(result).toMatchObject({ exitCode: 3, signal: null, timedOut: false, cancelled: false });
    expect(result.pid).toEqual(expect.any(Number));
    expect(result.durationMs).toBeGreaterThanOrEqual(40);
    expect(lines.filter(([stream]) => stream === 'stdout').map(([, line]) => line)).toEqual(['out 1', 'out 2 € ✓', 'last line without newline']);
    expect(lines.filter(([stream]) => stream === 'stderr').map(([, line]) => line)).toEqual(['err 1', 'err 2 no newline']);
    const log = fs.readFileSync(logFile, 'utf8').split('\n');
    expect(log).toEqual(expect.arrayContaining(['out 1', 'out 2 € ✓', 'last line without newline', '[stderr] err 1', '[stderr] err 2 no newline']));
    expect(log.at(-1)).toBe('');
  });

  it('appends to an existing log file', async () => {
    await run(['-e', 'console.log("first run")']);
    await run(['-e', 'console.log("second run")']);
    expect(fs.readFileSync(logFile, 'utf8')).toBe('first run\nsecond run\n');
  });

  it('delivers stdin, argv and cwd verbatim, and merges env onto the worker environment', async () => {
    const big = `${SHELL_HOSTILE_PROMPT}\n${'x'.repeat(1_000_000)}`;
    const args = ['$(touch pwned)', 'a b', '"quoted"', '*'];
    let output = '';
    const result = await run([program('report-input.mjs'), ...args], {
      stdin: big,
      env: { RINGMASTER_TEST_VALUE: 'v; $HOME' },
      onLine: (line) => (output += line),
    });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(output)).toEqual({ stdin: big, argv: args, cwd: fs.realpathSync(dir), env: { RINGMASTER_TEST_VALUE: 'v; $HOME', hasPath: true } });
    expect(fs.existsSync(path.join(dir, 'pwned'))).toBe(false);
  });

  it('gives an empty stdin when there is none to write', async () => {
    let output = '';
    await run([program('report-input.mjs')], { onLine: (line) => (output += line) });
    expect((JSON.parse(output) as { stdin: string }).stdin).toBe('');
  });

  it('on timeout kills a process that ignores SIGTERM, and its grandchild', async () => {
    let pids: Pids | undefined;
    const startedAt = Date.now();
    const result = await run([program('stubborn-parent-with-grandchild.mjs')], {
      timeoutMs: 500,
      killGraceMs: 300,
      onLine: (line) => {
        if (line.startsWith('{')) pids = JSON.parse(line) as Pids;
      },
    });
    const elapsed = Date.now() - startedAt;

    expect(result).toMatchObject({ exitCode: null, signal: 'SIGKILL', timedOut: true, cancelled: false });
    expect(elapsed).toBeGreaterThanOrEqual(800);
    expect(elapsed).toBeLessThan(800 + 2500);
    expect(pids).toBeDefined();
    await waitForExit(pids!.parent, 2000);
    await waitForExit(pids!.grandchild, 2000);
    expect(fs.readFileSync(logFile, 'utf8')).toContain('parent ignoring SIGTERM');
  });

  it('on abort stops the whole group within the grace time', async () => {
    const controller = new AbortController();
    let pids: Pids | undefined;
    const running = run([program('stubborn-parent-with-grandchild.mjs')], {
      signal: controller.signal,
      killGraceMs: 400,
      onLine: (line) => {
        if (line.startsWith('{')) pids = JSON.parse(line) as Pids;
      },
    });
    const { grandchild } = await eventually(() => pids, 'the pids line');
    expect(isAlive(grandchild)).toBe(true);

    const abortedAt = Date.now();
    controller.abort();
    const result = await running;
    expect(Date.now() - abortedAt).toBeLessThan(400 + 1500);
    expect(result).toMatchObject({ cancelled: true, timedOut: false, signal: 'SIGKILL' });
    await waitForExit(pids!.parent, 2000);
    await waitForExit(grandchild, 2000);
  });

  it('stops a process that writes nothing for the idle limit, but not one that keeps talking', async () => {
    // Talks every 50 ms for half a second, then falls silent; the idle limit is 40 times the gap,
    // so a busy machine cannot make the talking look like silence.
    const script = 'let n = 0; const t = setInterval(() => { console.log(n++); if (n === 10) clearInterval(t); }, 50); setTimeout(() => {}, 60000);';
    const silent = await run(['-e', script], { idleTimeoutMs: 2000, killGraceMs: 200 });
    expect(silent).toMatchObject({ stalled: true, timedOut: false, cancelled: false });
    // It wrote all ten lines first: each reset the idle clock.
    expect(fs.readFileSync(logFile, 'utf8').trim().split('\n')).toHaveLength(10);
    // Ends long before its limit, however slowly node starts.
    const talking = await run(['-e', "console.log('hi')"], { idleTimeoutMs: 20_000 });
    expect(talking.stalled).toBeUndefined();
    expect(talking.exitCode).toBe(0);
  });

  it('stops the whole group when shouldStop says so after a line, and says it was asked to', async () => {
    // Counts forever; asked to stop at "3".
    const script = 'let n = 0; setInterval(() => console.log(n++), 20);';
    const seen: string[] = [];
    const result = await run(['-e', script], { killGraceMs: 200, onLine: (line) => seen.push(line), shouldStop: () => seen.includes('3') });
    expect(result).toMatchObject({ stopRequested: true, timedOut: false, cancelled: false, signal: 'SIGTERM' });
    expect(result.stalled).toBeUndefined();
    expect(seen.slice(0, 4)).toEqual(['0', '1', '2', '3']);
    const ended = await run(['-e', "console.log('hi')"], { shouldStop: () => false });
    expect(ended.stopRequested).toBeUndefined();
    expect(ended.exitCode).toBe(0);
  });

  it('does not start anything when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await run([program('scripted-agent.mjs')], { signal: controller.signal });
    expect(result).toEqual({ exitCode: null, signal: null, timedOut: false, cancelled: true, durationMs: 0, pid: null });
    expect(started).toEqual([]);
  });

  it('resolves when the process exits, killing a grandchild that still holds the pipes', async () => {
    let pids: Pids | undefined;
    const startedAt = Date.now();
    const result = await run([program('exit-leaving-grandchild.mjs')], {
      onLine: (line) => {
        if (line.startsWith('{')) pids = JSON.parse(line) as Pids;
      },
    });
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, cancelled: false });
    expect(Date.now() - startedAt).toBeLessThan(5000);
    await waitForExit(pids!.grandchild, 2000);
  });

  it('stops the process and rethrows when onLine throws', async () => {
    const failing = run([program('stubborn-parent-with-grandchild.mjs')], {
      killGraceMs: 200,
      onLine: () => {
        throw new Error('parser bug');
      },
    });
    await expect(failing).rejects.toThrow('parser bug');
    await waitForExit(started[0]!, 2000);
  });

  it('throws ProcessStartError for a command that is not on PATH', async () => {
    const failing = runProcess({ command: 'ringmaster-no-such-agent', args: [], cwd: dir, logFile });
    await expect(failing).rejects.toThrow(ProcessStartError);
    await expect(runProcess({ command: 'ringmaster-no-such-agent', args: [], cwd: dir, logFile })).rejects.toMatchObject({
      code: 'ENOENT',
      command: 'ringmaster-no-such-agent',
      message: 'cannot start ringmaster-no-such-agent: not found (is it installed and on PATH?)',
    });
  });

  it('throws ProcessStartError for a file that is not executable', async () => {
    const script = path.join(dir, 'agent.sh');
    fs.writeFileSync(script, '#!/bin/sh\necho hi\n', { mode: 0o644 });
    await expect(runProcess({ command: script, args: [], cwd: dir, logFile })).rejects.toMatchObject({
      name: 'ProcessStartError',
      code: 'EACCES',
      message: `cannot start ${script}: permission denied (is it executable?)`,
    });
  });

  it('throws ProcessStartError naming the working directory when it does not exist', async () => {
    const missing = path.join(dir, 'no-such-worktree');
    await expect(runProcess({ command: process.execPath, args: ['-e', ''], cwd: missing, logFile })).rejects.toThrow(`cannot start ${process.execPath}: working directory ${missing} does not exist`);
  });
});
