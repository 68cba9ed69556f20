import { describe, expect, it } from '@jest/globals';
import { isAdditiveSql } from '../../store/additive-sql.js';
import { loadMigrations } from '../../store/migrate.js';

describe('isAdditiveSql', () => {
  it.each([
    'CREATE TABLE t (id INTEGER PRIMARY KEY);',
    'CREATE UNIQUE INDEX i ON t (a);\nCREATE VIEW v AS SELECT 1;',
    "ALTER TABLE t ADD COLUMN c TEXT;\nALTER TABLE t ADD COLUMN d TEXT NOT NULL DEFAULT '{}';",
    "-- a comment; with a semicolon\nUPDATE t SET c = json_remove(c, '$.env');",
  ])('takes %j as additive', (sql) => {
    expect(isAdditiveSql(sql)).toBe(true);
  });

  it.each([
    'DROP TABLE t;',
    'ALTER TABLE t RENAME TO u;',
    'ALTER TABLE t DROP COLUMN c;',
    'ALTER TABLE t ADD COLUMN c TEXT NOT NULL;',
    'CREATE TABLE t AS SELECT * FROM u;',
    'PRAGMA foreign_keys = OFF;',
  ])('does not take %j as additive', (sql) => {
    expect(isAdditiveSql(sql)).toBe(false);
  });

  it('finds every shipped migration since the first additive, so releases can roll back over them', () => {
    const shipped = loadMigrations()
      .sort((a, b) => a.version - b.version)
      .slice(1);
    expect(shipped.filter((m) => !isAdditiveSql(m.sql)).map((m) => m.name)).toEqual([]);
  });
});
