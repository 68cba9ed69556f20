import { describe, expect, it } from '@jest/globals';
import { backupFileName } from '../../backup/backup-names.js';
import { planRetention } from '../../backup/backup-retention.js';

const now = new Date('2026-12-01T12:30:00Z');
const ago = (ms: number) => backupFileName(new Date(now.getTime() - ms));
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('backup retention', () => {
  it('keeps the newest backup of each clock hour of the last 7 days', () => {
    // 12:25, 12:10 and 12:01 share the hour 12:00–13:00; 11:50 and 11:05 the one before.
    const names = [ago(5 * MINUTE), ago(20 * MINUTE), ago(29 * MINUTE), ago(40 * MINUTE), ago(85 * MINUTE), ago(6 * DAY), ago(6 * DAY + 10 * MINUTE)];
    const plan = planRetention(names, now);
    expect(plan.keep).toEqual(['ringmaster-backup-20261201T122500Z.tar.gz', 'ringmaster-backup-20261201T115000Z.tar.gz', 'ringmaster-backup-20261125T123000Z.tar.gz']);
    expect(plan.remove.sort()).toEqual(
      ['ringmaster-backup-20261201T121000Z.tar.gz', 'ringmaster-backup-20261201T120100Z.tar.gz', 'ringmaster-backup-20261201T110500Z.tar.gz', 'ringmaster-backup-20261125T122000Z.tar.gz'].sort(),
    );
  });

  it('keeps the newest backup of each day from 7 to 30 days, and none older', () => {
    const names = [
      'ringmaster-backup-20261201T120000Z.tar.gz', // today
      'ringmaster-backup-20261120T230000Z.tar.gz', // 11 days: kept, the newest of Nov 20
      'ringmaster-backup-20261120T080000Z.tar.gz', // same day: removed
      'ringmaster-backup-20261119T080000Z.tar.gz', // 12 days: kept
      'ringmaster-backup-20261101T130000Z.tar.gz', // 29.9 days: kept
      'ringmaster-backup-20261101T120000Z.tar.gz', // 30 days and 30 minutes: removed
      'ringmaster-backup-20251201T120000Z.tar.gz', // a year: removed
    ];
    const plan = planRetention(names, now);
    expect(plan.keep).toEqual([
      'ringmaster-backup-20261201T120000Z.tar.gz',
      'ringmaster-backup-20261120T230000Z.tar.gz',
      'ringmaster-backup-20261119T080000Z.tar.gz',
      'ringmaster-backup-20261101T130000Z.tar.gz',
    ]);
    expect(plan.remove).toEqual(['ringmaster-backup-20261120T080000Z.tar.gz', 'ringmaster-backup-20261101T120000Z.tar.gz', 'ringmaster-backup-20251201T120000Z.tar.gz']);
  });

  it('always keeps the newest backup, however old', () => {
    expect(planRetention(['ringmaster-backup-20250101T000000Z.tar.gz', 'ringmaster-backup-20240101T000000Z.tar.gz'], now)).toEqual({
      keep: ['ringmaster-backup-20250101T000000Z.tar.gz'],
      remove: ['ringmaster-backup-20240101T000000Z.tar.gz'],
    });
  });

  it('keeps backups dated in the future (a clock set back) and never lists files that are not backups', () => {
    const plan = planRetention(['ringmaster-backup-20261202T000000Z.tar.gz', 'ringmaster-backup-20261202T000001Z.tar.gz', 'notes.txt', 'ringmaster-backup-x.tar.gz', ago(10 * MINUTE)], now);
    expect(plan.keep).toEqual(['ringmaster-backup-20261202T000001Z.tar.gz', 'ringmaster-backup-20261202T000000Z.tar.gz', 'ringmaster-backup-20261201T122000Z.tar.gz']);
    expect(plan.remove).toEqual([]);
  });

  it('gives the same answer for the same names in any order', () => {
    const names = Array.from({ length: 200 }, (_, i) => ago(i * 47 * MINUTE));
    const plan = planRetention(names, now);
    expect(planRetention([...names].reverse(), now)).toEqual(plan);
    // 7 days of hours at most, then a day each for up to 23 more days.
    expect(plan.keep.length).toBeLessThanOrEqual(7 * 24 + 1 + 24);
    expect(plan.keep.length + plan.remove.length).toBe(200);
  });
});
