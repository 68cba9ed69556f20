import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execa } from 'execa';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { checkDatabaseIntegrity } from '../../backup/check-database.js';
import { createBackup } from '../../backup/create-backup.js';
import { restoreBackup } from '../../backup/restore-backup.js';
import { freePort } from '../support/free-port.js';
import { eventually } from '../support/processes.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { testRunEnv } from '../support/test-env.js';
import { modeOf, readHome, seedHome } from './backup-fixture.js';

/** A Temporal dev server of its own on `dbFile`, as `ringmaster up` starts one. */
interface DevServer {
  child: ChildProcess;
  address: string;
  stop(): Promise<void>;
}

async function temporal(args: string[]): Promise<{ exitCode: number | undefined; stdout: string }> {
  const result = await execa(testRunEnv().temporalBin, args, { reject: false, timeout: 10_000 });
  return { exitCode: result.exitCode, stdout: String(result.stdout) };
}

async function startDevServer(dbFile: string): Promise<DevServer> {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const child = spawn(testRunEnv().temporalBin, ['server', 'start-dev', '--headless', '--db-filename', dbFile, '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'error'], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`temporal exited with ${child.exitCode} on ${dbFile}`);
        return (await temporal(['operator', 'namespace', 'describe', '-n', 'default', '--address', address])).exitCode === 0 ? true : undefined;
      },
      `the Temporal dev server on ${address}`,
      30_000,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { child, address, stop };
}

let home: string;
let restored: string;
let server: DevServer | undefined;
beforeAll(() => {
  home = makeTempDir();
  restored = makeTempDir();
});
afterAll(async () => {
  await server?.stop();
  removeDir(home);
  removeDir(restored);
});

describe('backup and restore with the Temporal dev server', () => {
  it('backs up temporal.db while Temporal runs, refuses to restore under it, and Temporal starts on the restored copy', async () => {
    seedHome(home).db.close();
    server = await startDevServer(path.join(home, 'temporal.db'));
    const workflowId = `backup-${process.pid}`;
    const started = await temporal(['workflow', 'start', '--type', 'nobodyRunsThis', '--task-queue', `backup-${process.pid}`, '--workflow-id', workflowId, '--address', server.address]);
    expect(started.exitCode).toBe(0);

    const backup = await createBackup(home);
    expect(backup.databases.map((d) => d.name)).toEqual(['ringmaster.db', 'temporal.db']);

    // The server holds temporal.db open: replacing it under Temporal would corrupt what it caches.
    const refused = await restoreBackup(backup.file, home).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toMatchObject({ name: 'BackupError', reason: 'in_use' });
    expect((refused as Error).message).toContain(`temporal.db by pid ${server.child.pid}`);

    await server.stop();
    server = undefined;

    const result = await restoreBackup(backup.file, restored);
    expect(result.restored.map((f) => f.name)).toEqual(['ringmaster.db', 'temporal.db']);
    expect(checkDatabaseIntegrity(path.join(restored, 'temporal.db'))).toEqual({ ok: true });
    expect(modeOf(path.join(restored, 'temporal.db'))).toBe(0o600);
    expect(checkDatabaseIntegrity(path.join(restored, 'ringmaster.db'))).toEqual({ ok: true });
    expect(readHome(restored).projects).toEqual(['demo']);

    server = await startDevServer(path.join(restored, 'temporal.db'));
    const described = await temporal(['workflow', 'describe', '--workflow-id', workflowId, '--address', server.address, '-o', 'json']);
    expect(described.exitCode).toBe(0);
    expect(described.stdout).toContain('nobodyRunsThis');
  });
});
