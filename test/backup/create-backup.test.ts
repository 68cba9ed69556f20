import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { list } from 'tar';
import { BackupError } from '../../backup/backup-error.js';
import { backupFileName } from '../../backup/backup-names.js';
import { createBackup } from '../../backup/create-backup.js';
import { listBackups, newestBackup } from '../../backup/list-backups.js';
import { readBackupManifest } from '../../backup/read-backup-archive.js';
import { sha256OfFile } from '../../backup/sqlite-snapshot.js';
import { buildInfo } from '../../config/version.js';
import { loadMigrations } from '../../store/migrate.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { modeOf, seedHome } from './backup-fixture.js';

let home: string;
beforeEach(() => {
  home = makeTempDir();
});
afterEach(() => removeDir(home));

const latestSchema = () => Math.max(...loadMigrations().map((m) => m.version));

describe('createBackup', () => {
  it('writes one private gzip tar with a manifest and a checked copy of ringmaster.db, while a connection writes to it', async () => {
    const { db, store } = seedHome(home);
    // Still open, its last commits in the WAL only: the backup API reads through the WAL.
    store.projects.create({ ...store.projects.get('p1')!, id: 'p2', name: 'late' });
    const now = new Date('2026-12-01T22:40:26Z');
    const result = await createBackup(home, { now });
    db.close();

    expect(result.file).toBe(path.join(home, 'backups', 'ringmaster-backup-20261201T224026Z.tar.gz'));
    expect(modeOf(result.file)).toBe(0o600);
    expect(modeOf(path.join(home, 'backups'))).toBe(0o700);
    expect(result.size).toBe(fs.statSync(result.file).size);
    expect(result.databases.map((d) => d.name)).toEqual(['ringmaster.db']);
    expect(result.schemaVersion).toBe(latestSchema());
    expect(result.removed).toEqual([]);

    const entries: string[] = [];
    await list({ file: result.file, onReadEntry: (entry) => entries.push(entry.path) });
    expect(entries).toEqual(['manifest.json', 'ringmaster.db']);

    const manifest = await readBackupManifest(result.file);
    expect(manifest).toMatchObject({
      format: 'ringmaster-backup',
      formatVersion: 1,
      ringmasterVersion: buildInfo().version,
      ringmasterCommit: buildInfo().commit,
      createdAt: '2026-12-01T22:40:26.000Z',
      schemaVersion: latestSchema(),
    });
    expect(manifest.files).toEqual(result.databases);
    expect(manifest.files[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Nothing left behind but the backup: no staging folder, no temporary file.
    expect(fs.readdirSync(path.join(home, 'backups'))).toEqual([path.basename(result.file)]);
    expect(fs.readdirSync(home).sort()).toEqual(['backups', 'ringmaster.db']);
  });

  it('names a second backup of the same second apart instead of replacing the first', async () => {
    seedHome(home).db.close();
    const now = new Date('2026-12-01T22:40:26Z');
    const first = await createBackup(home, { now });
    const second = await createBackup(home, { now });
    expect(path.basename(second.file)).toBe('ringmaster-backup-20261201T224026Z-2.tar.gz');
    expect(second.removed).toEqual([path.basename(first.file)]);
    expect(fs.existsSync(first.file)).toBe(false);
    // A backup of a closed database leaves nothing next to it.
    expect(fs.readdirSync(home).sort()).toEqual(['backups', 'ringmaster.db']);
  });

  it('applies retention in the target folder to backups only, and lists what it removed', async () => {
    seedHome(home).db.close();
    const target = makeTempDir();
    try {
      const now = new Date('2026-12-01T12:30:00Z');
      const old = [backupFileName(new Date('2026-10-01T00:00:00Z')), backupFileName(new Date('2026-12-01T12:05:00Z')), backupFileName(new Date('2026-11-20T08:00:00Z'))];
      for (const name of [...old, 'notes.txt', 'ringmaster-backup-keep-me.tar.gz']) fs.writeFileSync(path.join(target, name), 'x');
      const result = await createBackup(home, { targetDir: target, now });
      expect(result.removed.sort()).toEqual([old[0], old[1]].sort());
      expect(fs.readdirSync(target).sort()).toEqual([path.basename(result.file), old[2], 'notes.txt', 'ringmaster-backup-keep-me.tar.gz'].sort());

      const listed = await listBackups(target);
      expect(listed.map((b) => b.name)).toEqual([path.basename(result.file), old[2]]);
      expect(listed[0]).toMatchObject({ time: '2026-12-01T12:30:00.000Z', size: result.size, manifest: { schemaVersion: latestSchema() } });
      expect(listed[1]!.manifest).toBeUndefined();
      expect(listed[1]!.problem).toContain('not a Ringmaster backup');
      expect(newestBackup(target)).toBe(result.file);
    } finally {
      removeDir(target);
    }
  });

  it('backs up temporal.db too when the data dir has one', async () => {
    seedHome(home).db.close();
    // A stand-in SQLite file: the Temporal server's own database is in temporal-backup.test.ts.
    const other = makeTempDir();
    const { db } = seedHome(other);
    await db.backup(path.join(home, 'temporal.db'));
    db.close();
    removeDir(other);
    const result = await createBackup(home);
    expect(result.databases.map((d) => d.name)).toEqual(['ringmaster.db', 'temporal.db']);
    const manifest = await readBackupManifest(result.file);
    expect(manifest.files.map((f) => f.name)).toEqual(['ringmaster.db', 'temporal.db']);
  });

  it('refuses a data dir without ringmaster.db, and a damaged database, writing nothing', async () => {
    await expect(createBackup(home)).rejects.toMatchObject({ name: 'BackupError', reason: 'no_database' });
    fs.writeFileSync(path.join(home, 'ringmaster.db'), 'this is not a database, just text that is long enough to be read'.repeat(100));
    const failure = await createBackup(home).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(BackupError);
    expect(failure).toMatchObject({ reason: 'damaged' });
    expect((failure as Error).message).toContain('ringmaster.db');
    expect(fs.readdirSync(path.join(home, 'backups'))).toEqual([]);
  });

  it('keeps the copy identical to what the manifest says', async () => {
    seedHome(home).db.close();
    const result = await createBackup(home);
    const dir = makeTempDir();
    try {
      const { extract } = await import('tar');
      await extract({ file: result.file, cwd: dir });
      expect(await sha256OfFile(path.join(dir, 'ringmaster.db'))).toBe(result.databases[0]!.sha256);
    } finally {
      removeDir(dir);
    }
  });
});
