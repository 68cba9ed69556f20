import { describe, expect, it } from '@jest/globals';
import { backupFileName, newestFirst, parseBackupFileName } from '../../backup/backup-names.js';

describe('backup file names', () => {
  it('names a backup after its UTC second and reads the time back', () => {
    const time = new Date('2026-12-01T22:40:26.789Z');
    expect(backupFileName(time)).toBe('ringmaster-backup-20261201T224026Z.tar.gz');
    expect(backupFileName(time, 2)).toBe('ringmaster-backup-20261201T224026Z-2.tar.gz');
    expect(parseBackupFileName('ringmaster-backup-20261201T224026Z.tar.gz')).toEqual({ name: 'ringmaster-backup-20261201T224026Z.tar.gz', time: new Date('2026-12-01T22:40:26Z'), sequence: 1 });
    expect(parseBackupFileName('ringmaster-backup-20261201T224026Z-2.tar.gz')?.sequence).toBe(2);
  });

  it('does not take other files for backups (so retention never deletes them)', () => {
    for (const name of [
      'notes.txt',
      'ringmaster-backup-20261201T224026Z.tar.gz.tmp',
      '.ringmaster-backup-20261201T224026Z.tar.gz.123.tmp',
      'ringmaster-backup-20261201T224026.tar.gz',
      'ringmaster-backup-20261332T224026Z.tar.gz',
      'ringmaster-backup-20261201T246026Z.tar.gz',
      'ringmaster-backup-20261201T224026Z-0.tar.gz',
      'ringmaster-backup-20261201T224026Z.tar',
      'ringmaster-damaged-20261201T224026Z',
    ]) {
      expect(parseBackupFileName(name)).toBeUndefined();
    }
  });

  it('orders newest first, a second backup of the same second before the first', () => {
    const names = ['ringmaster-backup-20261201T224026Z.tar.gz', 'ringmaster-backup-20261202T000000Z.tar.gz', 'ringmaster-backup-20261201T224026Z-2.tar.gz'];
    expect(
      names
        .map((name) => parseBackupFileName(name)!)
        .sort(newestFirst)
        .map((b) => b.name),
    ).toEqual(['ringmaster-backup-20261202T000000Z.tar.gz', 'ringmaster-backup-20261201T224026Z-2.tar.gz', 'ringmaster-backup-20261201T224026Z.tar.gz']);
  });
});
