import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { checkDatabaseHealth, checkDatabaseIntegrity, damagedDatabaseMessage } from '../../backup/check-database.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { seedHome } from './backup-fixture.js';

let home: string;
beforeEach(() => {
  home = makeTempDir();
});
afterEach(() => removeDir(home));

describe('checkDatabaseHealth', () => {
  it('passes a healthy database and a missing one (Ringmaster creates it)', () => {
    seedHome(home).db.close();
    expect(checkDatabaseHealth(path.join(home, 'ringmaster.db'))).toEqual({ ok: true });
    expect(checkDatabaseIntegrity(path.join(home, 'ringmaster.db'))).toEqual({ ok: true });
    expect(checkDatabaseHealth(path.join(home, 'missing.db'))).toEqual({ ok: true });
    expect(checkDatabaseIntegrity(path.join(home, 'missing.db')).ok).toBe(false);
  });

  it('fails a database whose pages were overwritten, and a file that is not a database, saying why', () => {
    seedHome(home).db.close();
    const file = path.join(home, 'ringmaster.db');
    const bytes = fs.readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    // Garbage over every page but the first (the header stays valid, the b-trees do not).
    bytes.fill(0xa5, pageSize * 2);
    fs.writeFileSync(file, bytes);
    const health = checkDatabaseHealth(file);
    expect(health.ok).toBe(false);
    expect(health.ok ? '' : health.detail).toMatch(/malformed|corrupt|page|btree|tree/i);

    fs.writeFileSync(file, 'plain text '.repeat(500));
    expect(checkDatabaseHealth(file)).toEqual({ ok: false, detail: 'file is not a database' });
  });
});

describe('damagedDatabaseMessage', () => {
  it('names the restore command of the newest backup, or what to do without one', () => {
    expect(damagedDatabaseMessage({ file: '/h/ringmaster.db', detail: 'database disk image is malformed', home: '/h', newestBackup: '/h/backups/ringmaster-backup-20261201T224026Z.tar.gz' })).toBe(
      '/h/ringmaster.db is damaged (database disk image is malformed), so Ringmaster will not start on it. Restore the newest backup with: ringmaster restore /h/backups/ringmaster-backup-20261201T224026Z.tar.gz --home /h (the damaged file is kept in /h/backups)',
    );
    expect(damagedDatabaseMessage({ file: '/my home/ringmaster.db', detail: 'x', home: '/my home', newestBackup: '/my home/backups/b.tar.gz' })).toContain(
      "ringmaster restore '/my home/backups/b.tar.gz' --home '/my home'",
    );
    expect(damagedDatabaseMessage({ file: '/h/temporal.db', detail: 'file is not a database', home: '/h' })).toBe(
      "/h/temporal.db is damaged (file is not a database), so Ringmaster will not start on it. There is no backup in /h/backups to restore: move the file aside to start with an empty database, or rescue what is left with the sqlite3 shell's .recover command.",
    );
  });
});
