import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { BackupError } from '../../backup/backup-error.js';
import { createBackup } from '../../backup/create-backup.js';
import { readBackupManifest } from '../../backup/read-backup-archive.js';
import { restoreBackup } from '../../backup/restore-backup.js';
import { createStore } from '../../store/create-store.js';
import { openDatabase } from '../../store/open-database.js';
import { createRunStateFile } from '../../process/run-state.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { modeOf, readHome, repackBackup, seedHome } from './backup-fixture.js';

let source: string;
let target: string;
let backupFile: string;
beforeEach(async () => {
  source = makeTempDir();
  target = makeTempDir();
  const { db } = seedHome(source);
  backupFile = (await createBackup(source)).file;
  db.close();
});
afterEach(() => {
  removeDir(source);
  removeDir(target);
});

async function refusal(promise: Promise<unknown>): Promise<BackupError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BackupError);
  return err as BackupError;
}

describe('restoreBackup', () => {
  it('restores into a missing data dir, created private, and the projects and tasks are there', async () => {
    const home = path.join(target, 'new-home');
    const result = await restoreBackup(backupFile, home);
    expect(result).toMatchObject({ file: backupFile, home, restored: [{ name: 'ringmaster.db' }], warnings: [] });
    expect(result.safetyBackup).toBeUndefined();
    expect(modeOf(home)).toBe(0o700);
    expect(modeOf(path.join(home, 'ringmaster.db'))).toBe(0o600);
    expect(readHome(home)).toEqual({ projects: ['demo'], tasks: ['task t1', 'task t2'] });
    // The private staging folder is gone.
    expect(fs.readdirSync(home).filter((name) => name.startsWith('.restore-'))).toEqual([]);
  });

  it("backs up what it replaces first, and drops the replaced file's stale WAL", async () => {
    const { db, store } = seedHome(target);
    store.projects.create({ ...store.projects.get('p1')!, id: 'p9', name: 'replaced-only' });
    db.close();
    // A WAL left by a crash would be replayed into the restored file.
    fs.writeFileSync(path.join(target, 'ringmaster.db-wal'), 'stale');
    fs.writeFileSync(path.join(target, 'ringmaster.db-shm'), 'stale');

    const result = await restoreBackup(backupFile, target);
    expect(result.safetyBackup).toMatch(/backups\/ringmaster-backup-\d{8}T\d{6}Z(-\d+)?\.tar\.gz$/);
    expect(fs.existsSync(path.join(target, 'ringmaster.db-wal'))).toBe(false);
    expect(readHome(target).projects).toEqual(['demo']);

    // The safety backup holds what was replaced, and can itself be restored.
    expect((await readBackupManifest(result.safetyBackup!)).files.map((f) => f.name)).toEqual(['ringmaster.db']);
    const back = makeTempDir();
    try {
      await restoreBackup(result.safetyBackup!, back);
      expect(readHome(back).projects.sort()).toEqual(['demo', 'replaced-only']);
    } finally {
      removeDir(back);
    }
  });

  it('warns when sealed secrets need the original secret-key, and when it keeps a temporal.db the backup lacks', async () => {
    const db = openDatabase(path.join(source, 'ringmaster.db'));
    createStore(db).secrets.put('global', 'TOKEN', Buffer.from('sealed'), null);
    const withSecret = (await createBackup(source, { targetDir: path.join(source, 'other') })).file;
    db.close();
    fs.copyFileSync(path.join(source, 'ringmaster.db'), path.join(target, 'temporal.db'));
    const result = await restoreBackup(withSecret, target);
    expect(result.warnings).toEqual([
      `the backup holds no temporal.db (made with an external Temporal cluster?): ${path.join(target, 'temporal.db')} was left as it was`,
      `the restored database holds 1 sealed secret(s); they can be read only with the secret-key of the data dir the backup came from (backups never hold it): copy that file to ${path.join(target, 'secret-key')}`,
    ]);
  });

  it('keeps plain copies of a database too damaged to back up, then restores', async () => {
    fs.writeFileSync(path.join(target, 'ringmaster.db'), 'not a database '.repeat(300));
    const result = await restoreBackup(backupFile, target);
    expect(result.safetyBackup).toMatch(/backups\/ringmaster-damaged-\d{8}T\d{6}Z$/);
    expect(fs.readFileSync(path.join(result.safetyBackup!, 'ringmaster.db'), 'utf8')).toContain('not a database');
    expect(modeOf(path.join(result.safetyBackup!, 'ringmaster.db'))).toBe(0o600);
    expect(readHome(target).tasks).toEqual(['task t1', 'task t2']);
  });

  it('refuses a truncated backup, naming what is wrong, and leaves the data dir alone', async () => {
    const { db } = seedHome(target);
    db.close();
    const before = fs.readFileSync(path.join(target, 'ringmaster.db'));
    const bytes = fs.readFileSync(backupFile);
    const truncated = path.join(source, 'truncated.tar.gz');
    fs.writeFileSync(truncated, bytes.subarray(0, bytes.length >> 1));
    const err = await refusal(restoreBackup(truncated, target));
    expect(err.reason).toBe('damaged');
    expect(err.message).toBe(`${truncated} is damaged: it is truncated (the archive ends early)`);
    expect(fs.readFileSync(path.join(target, 'ringmaster.db')).equals(before)).toBe(true);
    expect(fs.readdirSync(target).sort()).toEqual(['ringmaster.db']);
  });

  it('refuses a backup with one byte changed', async () => {
    const bytes = fs.readFileSync(backupFile);
    bytes[Math.floor(bytes.length * 0.6)]! ^= 0x01;
    const changed = path.join(source, 'changed.tar.gz');
    fs.writeFileSync(changed, bytes);
    const err = await refusal(restoreBackup(changed, target));
    expect(err.reason).toBe('damaged');
    expect(err.message).toMatch(new RegExp(`^${changed} is damaged: its compressed data is corrupt \\(.+\\)$`));
    expect(fs.readdirSync(target)).toEqual([]);
  });

  it('refuses a database changed inside an intact archive: checksum mismatch', async () => {
    const tampered = path.join(source, 'tampered.tar.gz');
    await repackBackup(backupFile, tampered, (dir) => {
      const db = openDatabase(path.join(dir, 'ringmaster.db'));
      db.prepare("UPDATE tasks SET title = 'evil' WHERE id = 't1'").run();
      db.close();
    });
    const err = await refusal(restoreBackup(tampered, target));
    expect(err.message).toBe(`ringmaster.db in the backup is damaged: checksum mismatch (${tampered})`);
  });

  it('refuses foreign files: not an archive, an archive without a manifest, a missing file', async () => {
    const text = path.join(source, 'notes.tar.gz');
    fs.writeFileSync(text, 'hello, I am not an archive at all'.repeat(40));
    expect((await refusal(restoreBackup(text, target))).message).toBe(`${text} is not a Ringmaster backup: not a gzip'ed tar archive`);

    const foreign = path.join(source, 'foreign.tar.gz');
    await repackBackup(backupFile, foreign, (dir) => fs.rmSync(path.join(dir, 'manifest.json')));
    const err = await refusal(restoreBackup(foreign, target));
    expect(err).toMatchObject({ reason: 'not_a_backup', message: `${foreign} is not a Ringmaster backup: no manifest` });

    const missing = path.join(source, 'missing.tar.gz');
    expect(await refusal(restoreBackup(missing, target))).toMatchObject({ reason: 'not_found', message: `${missing} cannot be read (ENOENT)` });
    expect(fs.readdirSync(target)).toEqual([]);
  });

  it('refuses a backup from a newer Ringmaster schema', async () => {
    const newer = path.join(source, 'newer.tar.gz');
    await repackBackup(backupFile, newer, (dir) => {
      const file = path.join(dir, 'manifest.json');
      fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), schemaVersion: 9999, ringmasterVersion: '9.0.0' }));
    });
    const err = await refusal(restoreBackup(newer, target));
    expect(err.reason).toBe('unsupported');
    expect(err.message).toContain('schema version 9999, newer than this Ringmaster knows');
  });

  it('refuses while a live supervisor is recorded for the data dir', async () => {
    seedHome(target).db.close();
    fs.mkdirSync(path.join(target, 'run'));
    createRunStateFile(path.join(target, 'run')).write({ pid: process.pid, startedAt: new Date().toISOString(), children: {} });
    const err = await refusal(restoreBackup(backupFile, target));
    expect(err).toMatchObject({ reason: 'in_use', message: `Ringmaster is running on ${target} (supervisor pid ${process.pid}): stop \`ringmaster up\` first, then restore` });
    expect(fs.existsSync(path.join(target, 'backups'))).toBe(false);
  });

  it('refuses while another connection holds the database, and restores once it is closed', async () => {
    const { db } = seedHome(target);
    const err = await refusal(restoreBackup(backupFile, target));
    expect(err.reason).toBe('in_use');
    expect(err.message).toContain(`ringmaster.db by pid ${process.pid}`);
    // Nothing was replaced, nor backed up.
    expect(fs.readdirSync(target).filter((name) => name === 'backups' || name.startsWith('.restore-'))).toEqual([]);
    db.close();
    await expect(restoreBackup(backupFile, target)).resolves.toMatchObject({ restored: [{ name: 'ringmaster.db' }] });
  });
});
