import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { BackupError } from '../../backup/backup-error.js';
import { assertDatabasesIdle, heldByAnotherConnection } from '../../backup/data-dir-in-use.js';
import { findFileHolders } from '../../backup/open-file-holders.js';
import { dataPaths } from '../../config/paths.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';
import { seedHome } from './backup-fixture.js';

let home: string;
beforeEach(() => {
  home = makeTempDir();
});
afterEach(() => removeDir(home));

describe('is the data dir in use', () => {
  it('sees an idle connection through SQLite locks alone (any platform)', () => {
    const { db } = seedHome(home);
    const file = path.join(home, 'ringmaster.db');
    expect(heldByAnotherConnection(file)).toBe(true);
    db.close();
    expect(heldByAnotherConnection(file)).toBe(false);
    // The probe leaves no -wal or -shm behind.
    expect(fs.readdirSync(home)).toEqual(['ringmaster.db']);
    fs.writeFileSync(file, 'not a database '.repeat(300));
    expect(heldByAnotherConnection(file)).toBe(false);
  });

  it('names the processes holding a database open (Linux /proc)', () => {
    const { db } = seedHome(home);
    const file = path.join(home, 'ringmaster.db');
    expect(findFileHolders([file, `${file}-wal`])).toEqual(expect.arrayContaining([{ pid: process.pid, command: expect.any(String) as unknown as string, file }]));
    expect(() => assertDatabasesIdle(dataPaths(home))).toThrow(BackupError);
    db.close();
    expect(findFileHolders([file])).toEqual([]);
    expect(() => assertDatabasesIdle(dataPaths(home))).not.toThrow();
  });
});
