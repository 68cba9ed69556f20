import { describe, expect, it } from '@jest/globals';
import { MigrationError, parseMigrationFilename, planMigrations, type Migration } from '../../store/migration-plan.js';

const m = (version: number, name: string, checksum = `sum-${version}`): Migration => ({ version, name, sql: '', checksum });

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof MigrationError) return err.code;
    throw err;
  }
  return undefined;
}

describe('parseMigrationFilename', () => {
  it('reads version and name', () => {
    expect(parseMigrationFilename('0012_add_tasks.sql')).toEqual({ version: 12, name: 'add_tasks' });
  });

  it.each(['12_add.sql', '0001-add.sql', '0001_Add.sql', '0001_.sql', '0001_add.SQL'])('rejects %s with the expected shape', (file) => {
    expect(() => parseMigrationFilename(file)).toThrow(/NNNN_name\.sql/);
  });
});

describe('planMigrations', () => {
  it('returns pending migrations in version order', () => {
    const plan = planMigrations([m(3, 'c'), m(1, 'a'), m(2, 'b')], [{ version: 1, name: 'a', checksum: 'sum-1' }]);
    expect(plan.map((x) => x.version)).toEqual([2, 3]);
  });

  it('returns nothing when all are applied', () => {
    expect(planMigrations([m(1, 'a')], [{ version: 1, name: 'a', checksum: 'sum-1' }])).toEqual([]);
  });

  it('refuses an applied migration that was edited', () => {
    expect(codeOf(() => planMigrations([m(1, 'a', 'edited')], [{ version: 1, name: 'a', checksum: 'sum-1' }]))).toBe('checksum_mismatch');
  });

  it('refuses a database migrated by a newer version', () => {
    const applied = [
      { version: 1, name: 'a', checksum: 'sum-1' },
      { version: 2, name: 'future', checksum: 'x' },
    ];
    expect(codeOf(() => planMigrations([m(1, 'a')], applied))).toBe('newer_database');
  });

  it('refuses an applied migration whose file disappeared', () => {
    const applied = [{ version: 1, name: 'a', checksum: 'sum-1' }];
    expect(codeOf(() => planMigrations([m(2, 'b')], applied))).toBe('checksum_mismatch');
  });

  it('refuses two files with one version', () => {
    expect(codeOf(() => planMigrations([m(1, 'a'), m(1, 'b')], []))).toBe('duplicate_version');
  });
});
