import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { backupFileName } from '../../backup/backup-names.js';
import { readHome, seedHome } from '../backup/backup-fixture.js';
import { runCliAsync } from '../support/cli.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';

// `ringmaster backup`, `backup ls` and `restore`, run as a user runs them, on real data dirs.

let home: string;
let other: string;
beforeEach(() => {
  home = makeTempDir('ringmaster-backup-cli-');
  other = makeTempDir('ringmaster-backup-cli-');
});
afterEach(() => {
  removeDir(home);
  removeDir(other);
});

const re = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const cli = (...args: string[]) => runCliAsync(args, { ...process.env, RINGMASTER_HOME: home, RINGMASTER_DEBUG: '' });

describe('ringmaster backup / backup ls / restore', () => {
  it('backs up, lists and restores a data dir', async () => {
    seedHome(home).db.close();
    const made = await cli('backup');
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    const file = /to (\S+ringmaster-backup-\d{8}T\d{6}Z\.tar\.gz) \(/.exec(made.stdout)?.[1];
    expect(file).toBeDefined();
    expect(path.dirname(file!)).toBe(path.join(home, 'backups'));
    expect(made.stdout).toMatch(/^Backed up .+ \(\d+\.\d KB\)\n {2}ringmaster\.db \(\d+\.\d KB\); schema version \d+\n$/);
    expect(fs.statSync(file!).mode & 0o777).toBe(0o600);

    // An older backup three days back, kept by retention (one a day), listed after the new one.
    const older = path.join(home, 'backups', backupFileName(new Date(Date.now() - 3 * 24 * 3_600_000)));
    fs.copyFileSync(file!, older);
    const listed = await cli('backup', 'ls');
    expect(listed.status).toBe(0);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +CREATED +SIZE +RINGMASTER +SCHEMA +DATABASES$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual([path.basename(file!), path.basename(older)]);
    expect(lines[1]).toMatch(/ringmaster\.db$/);

    const json = await cli('backup', 'ls', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject([{ file, manifest: { format: 'ringmaster-backup', files: [{ name: 'ringmaster.db' }] } }, { file: older }]);

    const restoredHome = path.join(other, 'restored');
    const restored = await cli('restore', file!, '--home', restoredHome);
    expect(restored).toMatchObject({ status: 0, stderr: '' });
    expect(restored.stdout).toMatch(
      new RegExp(
        `^Verified ${re(file!)} \\(made \\S+ by Ringmaster \\S+, schema version \\d+\\)\\nNothing to save first: ${re(restoredHome)} had no ringmaster\\.db\\nRestored ringmaster\\.db \\(\\d+\\.\\d KB\\) into ${re(restoredHome)}\\n$`,
      ),
    );
    expect(readHome(restoredHome)).toEqual({ projects: ['demo'], tasks: ['task t1', 'task t2'] });

    // Restoring over a data dir saves what it replaces first.
    const again = await cli('restore', file!);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/\nSaved what it replaces in \S+\/backups\/ringmaster-backup-\d{8}T\d{6}Z(-\d+)?\.tar\.gz\n/);
  });

  it('backs up into --to and prints JSON with --json', async () => {
    seedHome(home).db.close();
    const made = await cli('backup', '--to', other, '--json');
    expect(made.status).toBe(0);
    const result = JSON.parse(made.stdout) as { file: string; databases: { name: string }[]; removed: string[] };
    expect(path.dirname(result.file)).toBe(other);
    expect(result.databases.map((d) => d.name)).toEqual(['ringmaster.db']);
    expect(await cli('backup', 'ls', '--to', other, '--json').then((r) => (JSON.parse(r.stdout) as unknown[]).length)).toBe(1);
    expect(await cli('backup', 'ls')).toEqual({ status: 0, stdout: `No backups in ${path.join(home, 'backups')}.\n`, stderr: '' });
  });

  it('refuses with exit code 1 and a one-line message, no stack: a truncated backup, nothing to back up', async () => {
    seedHome(home).db.close();
    const { stdout } = await cli('backup', '--json');
    const file = (JSON.parse(stdout) as { file: string }).file;
    const truncated = path.join(other, 'truncated.tar.gz');
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(truncated, bytes.subarray(0, bytes.length >> 1));
    expect(await cli('restore', truncated, '--home', path.join(other, 'target'))).toEqual({
      status: 1,
      stdout: '',
      stderr: `ringmaster: ${truncated} is damaged: it is truncated (the archive ends early)\n`,
    });
    expect(fs.existsSync(path.join(other, 'target'))).toBe(false);

    const empty = path.join(other, 'empty-home');
    expect(await runCliAsync(['backup', '--home', empty], { ...process.env, RINGMASTER_DEBUG: '' })).toEqual({
      status: 1,
      stdout: '',
      stderr: `ringmaster: ${path.join(empty, 'ringmaster.db')} does not exist: nothing to back up (is ${empty} the data dir?)\n`,
    });
  });
});
