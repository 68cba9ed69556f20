import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { runProjectCommand } from '../../process/run-project-command.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';

// Real processes: every way a project command can end gives one result shape and one sentence.

describe('runProjectCommand', () => {
  let dir: string;
  let logFile: string;
  beforeEach(() => {
    dir = makeTempDir('ringmaster-project-command-');
    logFile = path.join(dir, 'logs', 'tests-1.log');
  });
  afterEach(() => removeDir(dir));

  const node = (script: string) => [process.execPath, '-e', script];

  it('succeeds on exit 0 with its output in the log', async () => {
    const result = await runProjectCommand({ what: 'test command', argv: node("console.log('all green')"), cwd: dir, logFile });
    expect(result).toMatchObject({ ok: true, cancelled: false });
    expect(fs.readFileSync(logFile, 'utf8')).toContain('all green');
  });

  it('fails on a non-zero exit, quoting the end of its output', async () => {
    const argv = node("console.log('1 failing'); console.error('expected 2 to be 3'); process.exit(2)");
    const result = await runProjectCommand({ what: 'test command', argv, cwd: dir, logFile });
    expect(result).toMatchObject({ ok: false, cancelled: false, exitCode: 2, end: 'exit 2' });
    if (result.ok) throw new Error('unreachable');
    expect(result.outputTail).toContain('1 failing');
    expect(result.outputTail).toContain('expected 2 to be 3');
    expect(result.failure).toBe(`test command ${JSON.stringify(argv)} failed (exit 2): ${result.outputTail}`);
  });

  it('keeps only the last 60 lines of a long output', async () => {
    const result = await runProjectCommand({ what: 'test command', argv: node("for (let i = 1; i <= 200; i++) console.log('line ' + i); process.exit(1)"), cwd: dir, logFile });
    if (result.ok) throw new Error('expected a failure');
    const lines = result.outputTail.split('\n');
    expect(lines).toHaveLength(60);
    expect(lines[0]).toContain('line 141');
    expect(lines.at(-1)).toContain('line 200');
  });

  it('gives a command that cannot start as a failed result, not an exception', async () => {
    const result = await runProjectCommand({ what: 'setup command', argv: ['ringmaster-no-such-program', '--flag'], cwd: dir, logFile });
    expect(result).toMatchObject({ ok: false, cancelled: false, exitCode: null });
    if (result.ok) throw new Error('unreachable');
    expect(result.end).toContain('ringmaster-no-such-program');
    expect(result.failure).toMatch(/^setup command \["ringmaster-no-such-program","--flag"\] failed \(.*ringmaster-no-such-program/);
  });

  it('gives an empty command as a failed result', async () => {
    const result = await runProjectCommand({ what: 'build command', argv: [], cwd: dir, logFile });
    expect(result).toMatchObject({ ok: false, cancelled: false, exitCode: null, end: 'no command given', failure: 'build command [] failed (no command given)' });
  });

  it('stops a command that runs past its time limit and says so', async () => {
    const result = await runProjectCommand({ what: 'build command', argv: node("console.log('compiling'); setInterval(() => {}, 1000)"), cwd: dir, logFile, timeoutMs: 1500 });
    expect(result).toMatchObject({ ok: false, cancelled: false, exitCode: null, end: 'timed out after 1.5 s' });
    if (result.ok) throw new Error('unreachable');
    expect(result.failure).toContain('compiling');
  });

  it('reports a cancellation by the caller as cancelled', async () => {
    const controller = new AbortController();
    const running = runProjectCommand({
      what: 'test command',
      argv: node("console.log('started'); setInterval(() => {}, 1000)"),
      cwd: dir,
      logFile,
      signal: controller.signal,
      onLine: () => controller.abort(),
    });
    expect(await running).toMatchObject({ ok: false, cancelled: true, end: 'cancelled' });
  });
});
