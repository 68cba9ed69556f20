import { afterEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../config/paths.js';
import { createLauncher, launcherChildScript, type Launcher } from '../../git/launcher.js';
import { isAlive } from '../support/processes.js';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
let launcher: Launcher | undefined;
afterEach(async () => {
  await launcher?.close();
  launcher = undefined;
});

describe('createLauncher', () => {
  it('runs commands from a process of its own, started on first use', async () => {
    launcher = createLauncher(launcherChildScript());
    expect(launcher.pid).toBeUndefined();
    const parent = await launcher.run({ command: 'sh', args: ['-c', 'echo $PPID; echo oops >&2; exit 3'], cwd: '/', env });
    expect(launcher.pid).toBeDefined();
    expect(launcher.pid).not.toBe(process.pid);
    expect(parent).toEqual({ stdout: String(launcher.pid), stderr: 'oops', exitCode: 3, signal: null });
  });

  it('answers commands that run at the same time each with its own output', async () => {
    launcher = createLauncher(launcherChildScript());
    const answers = await Promise.all(Array.from({ length: 20 }, (_, n) => launcher!.run({ command: 'sh', args: ['-c', `sleep 0.0$((${n} % 5)); echo ${n}`], cwd: '/', env })));
    expect(answers.map((a) => a.stdout)).toEqual(Array.from({ length: 20 }, (_, n) => String(n)));
  });

  it('reports a command that cannot start, and one whose launcher died, then starts a new launcher', async () => {
    launcher = createLauncher(launcherChildScript());
    const missing = await launcher.run({ command: 'no-such-command-ringmaster', args: [], cwd: '/', env });
    expect(missing.exitCode).toBeNull();
    expect(missing.failure).toMatch(/could not be started: .*ENOENT/);
    const first = launcher.pid!;
    const running = launcher.run({ command: 'sleep', args: ['5'], cwd: '/', env });
    process.kill(first, 'SIGKILL');
    const lost = await running;
    expect(lost.exitCode).toBeNull();
    expect(lost.failure).toMatch(/launcher process ended \(SIGKILL\)/);
    const again = await launcher.run({ command: 'echo', args: ['back'], cwd: '/', env });
    expect(again.stdout).toBe('back');
    expect(launcher.pid).not.toBe(first);
  });

  it('spawns in this process when its launcher cannot run', async () => {
    launcher = createLauncher(path.join(packageRoot(), 'no-such-launcher-child.js'));
    expect(await launcher.run({ command: 'sh', args: ['-c', 'echo $PPID'], cwd: '/', env })).toMatchObject({ stdout: String(process.pid), exitCode: 0 });
    expect(launcher.pid).toBeUndefined();
    // One that dies before it ever answers: what it was asked is reported, what follows runs here.
    const broken = path.join(os.tmpdir(), `ringmaster-broken-launcher-${process.pid}.mjs`);
    fs.writeFileSync(broken, 'process.exit(3);\n');
    try {
      launcher = createLauncher(broken);
      expect((await launcher.run({ command: 'true', args: [], cwd: '/', env })).failure).toMatch(/launcher process ended \(exit 3\)/);
      expect(await launcher.run({ command: 'sh', args: ['-c', 'echo $PPID'], cwd: '/', env })).toMatchObject({ stdout: String(process.pid) });
    } finally {
      fs.rmSync(broken, { force: true });
    }
  });

  it('ends with close, and never keeps the process that started it alive', async () => {
    launcher = createLauncher(launcherChildScript());
    await launcher.run({ command: 'true', args: [], cwd: '/', env });
    const pid = launcher.pid!;
    await launcher.close();
    expect(isAlive(pid)).toBe(false);
    // A process whose launcher is idle ends on its own (spawnSync fails the test on a hang).
    const script = `import { createLauncher, launcherChildScript } from ${JSON.stringify(path.join(packageRoot(), 'dist', 'git', 'launcher.js'))};
      const l = createLauncher(launcherChildScript()); const r = await l.run({ command: 'echo', args: ['ok'], cwd: '/', env: process.env }); console.log(r.stdout, l.pid);`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(child.status).toBe(0);
    const [said, launcherPid] = child.stdout.trim().split(' ');
    expect(said).toBe('ok');
    // The launcher ends after the process that started it.
    const deadline = Date.now() + 5000;
    while (isAlive(Number(launcherPid)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(isAlive(Number(launcherPid))).toBe(false);
  });
});
