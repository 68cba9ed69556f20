import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMigrations, migrate } from '../../store/migrate.js';
import { openDatabase } from '../../store/open-database.js';
import { CLI_ENTRY, runCli, startCli } from '../support/cli.js';
import { eventually } from '../support/processes.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { testRunEnv } from '../support/test-env.js';

let home: string;
beforeEach(() => {
  home = makeTempDir();
});
afterEach(() => removeDir(home));

describe('ringmaster CLI', () => {
  it('prints its version', () => {
    const { version } = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(runCli(['--version']).stdout.trim()).toBe(version);
  });

  it("a client command loads neither the schema library nor the server's modules", () => {
    const register = fileURLToPath(new URL('../fixtures/module-loads/register.mjs', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', register, CLI_ENTRY, 'project', 'ls', '--api-url', 'http://127.0.0.1:9'], {
      encoding: 'utf8',
      env: { ...process.env, RINGMASTER_HOME: home },
    });
    const loaded = run.stderr.split('\n').filter((line) => line.startsWith('loaded '));
    // It ran (and failed to reach the API), loading its own modules but not typebox's 680 or the server's.
    expect(run.status).toBe(1);
    expect(loaded.some((line) => line.endsWith('/dist/cli/commands/project.js'))).toBe(true);
    expect(loaded.filter((line) => /node_modules\/(typebox|fastify|@temporalio)\//.test(line))).toEqual([]);
    expect(loaded.length).toBeLessThan(100);
  });

  it('migrate applies the migrations once, then reports the database up to date', () => {
    const first = runCli(['migrate', '--home', home]);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/ringmaster\.db: applied \d+ migration\(s\) \(1.*\); schema version \d+/);
    const second = runCli(['migrate', '--home', home]);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/up to date at schema version \d+/);
    expect(fs.existsSync(path.join(home, 'ringmaster.db'))).toBe(true);
  });

  it('migrates once when another process migrates the same data dir at the same moment', async () => {
    // This process takes the write lock first and migrates inside it while `ringmaster migrate`
    // waits for the lock: it must then find the work done, not apply it again.
    const db = openDatabase(path.join(home, 'ringmaster.db'));
    // A data dir an older Ringmaster migrated: the newer migrations are pending.
    const all = loadMigrations();
    migrate(
      db,
      all.filter((m) => m.version <= 3),
    );
    db.exec('BEGIN IMMEDIATE');
    const other = startCli(['migrate', '--home', home], process.env);
    // It says when it finds the lock held, then waits for it.
    await eventually(() => (other.output().includes('another process holds the write lock; waiting for it') ? true : undefined), 'migrate to wait for the lock', 30_000);
    const applied = migrate(db).applied.length;
    db.exec('COMMIT');
    db.close();
    expect(await other.exited).toBe(0);
    expect(other.output()).toMatch(/up to date at schema version \d+/);
    expect(applied).toBe(all.length - 3);
  });

  it('migrate accepts a database a newer Ringmaster only added to, as after a rolled-back release', () => {
    expect(runCli(['migrate', '--home', home]).status).toBe(0);
    const db = openDatabase(path.join(home, 'ringmaster.db'));
    db.prepare(`INSERT INTO schema_migrations VALUES (9998, 'future_table', 'x', 'now', 1)`).run();
    db.close();
    const run = runCli(['migrate', '--home', home]);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/up to date at schema version 9998/);
  });

  it('migrate refuses a database from a newer Ringmaster with a message and exit code 1', () => {
    expect(runCli(['migrate', '--home', home]).status).toBe(0);
    // Record a migration this version does not ship, as a newer Ringmaster would.
    const db = openDatabase(path.join(home, 'ringmaster.db'));
    db.prepare(`INSERT INTO schema_migrations VALUES (9999, 'future', 'x', 'now', 0)`).run();
    db.close();
    const refused = runCli(['migrate', '--home', home]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('ringmaster: the database is at migration 9999 (future)');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['up', '--port', 'abc'], '--port: must be a port number from 1 to 65535, got "abc"'],
    [['up', '--temporal-address', 'nohost'], '--temporal-address: must be host:port'],
    [['worker', '--log-level', 'loud'], '--log-level: must be one of'],
  ])('`%s` fails with a clear message and exit code 1', (args, message) => {
    const result = runCli([...args, '--home', home]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`ringmaster: ${message}`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses an API token too short to be a secret, naming the variable', () => {
    const result = runCli(['api', '--home', home], { ...process.env, RINGMASTER_API_TOKEN: 'hunter2' });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('ringmaster: RINGMASTER_API_TOKEN: must be at least 32 characters (got 7); unset it and Ringmaster generates one into $RINGMASTER_HOME/api-token\n');
  });

  it('rejects an unknown command', () => {
    const result = runCli(['fly']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("unknown command 'fly'");
  });

  it('doctor --json reports the checks and exits 0 when everything required is there', () => {
    const result = runCli(['doctor', '--json', '--home', home], { ...process.env, RINGMASTER_TEMPORAL_BIN: testRunEnv().temporalBin });
    expect(result.status).toBe(0);
    const { checks } = JSON.parse(result.stdout) as { checks: { name: string; ok: boolean; required: boolean }[] };
    expect(checks.filter((c) => c.required).every((c) => c.ok)).toBe(true);
    expect(checks.map((c) => c.name)).toEqual(expect.arrayContaining(['node', 'git', 'sqlite', 'temporal', 'claude-code (claude)', 'codex']));
  });

  it('doctor exits 1 when the Temporal CLI is missing', () => {
    const env = { PATH: path.dirname(process.execPath) + path.delimiter + '/usr/bin', RINGMASTER_TOOLS_DIR: path.join(home, 'tools'), HOME: home };
    const result = runCli(['doctor', '--home', home], env);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^✗ temporal/m);
  });
});
