import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { MigrationError } from '../../store/migration-plan.js';
import { loadMigrations, migrate, schemaVersion } from '../../store/migrate.js';
import { openDatabase, type Db } from '../../store/open-database.js';
import { makeTempDir, removeDir } from '../support/temp-dir.js';

let dir: string;
let db: Db;

function writeMigration(folder: string, file: string, sql: string): void {
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, file), sql);
}

function migrationError(fn: () => unknown): MigrationError {
  try {
    fn();
  } catch (err) {
    if (err instanceof MigrationError) return err;
    throw err;
  }
  throw new Error('expected a MigrationError');
}

beforeEach(() => {
  dir = makeTempDir();
  db = openDatabase(path.join(dir, 'ringmaster.db'));
});

afterEach(() => {
  db.close();
  removeDir(dir);
});

describe('migrate with the shipped migrations', () => {
  it('applies every migration once and records its checksum', () => {
    const shipped = loadMigrations();
    expect(shipped.length).toBeGreaterThan(0);
    const first = migrate(db);
    expect(first.applied).toEqual(shipped.map((m) => m.version).sort((a, b) => a - b));
    expect(first.version).toBe(Math.max(...shipped.map((m) => m.version)));
    const rows = db.prepare('SELECT version, checksum FROM schema_migrations ORDER BY version').all() as { version: number; checksum: string }[];
    expect(rows.map((r) => r.checksum)).toEqual([...shipped].sort((a, b) => a.version - b.version).map((m) => m.checksum));
    expect(migrate(db)).toEqual({ applied: [], version: first.version });
  });

  it('creates the meta table', () => {
    migrate(db);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[];
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['schema_migrations', 'meta']));
  });
});

describe('migrate with crafted migrations', () => {
  it('applies in version order, not in directory order', () => {
    const folder = path.join(dir, 'migrations');
    writeMigration(folder, '0002_add_column.sql', 'ALTER TABLE things ADD COLUMN size INTEGER;');
    writeMigration(folder, '0001_things.sql', 'CREATE TABLE things (id INTEGER PRIMARY KEY);');
    expect(migrate(db, loadMigrations(folder)).applied).toEqual([1, 2]);
    db.prepare('INSERT INTO things (id, size) VALUES (1, 2)').run();
  });

  it('rolls back a failing migration entirely, with the others of the same run: the database stays as it was', () => {
    const folder = path.join(dir, 'migrations');
    writeMigration(folder, '0001_things.sql', 'CREATE TABLE things (id INTEGER PRIMARY KEY);');
    writeMigration(folder, '0002_broken.sql', 'CREATE TABLE half (id INTEGER);\nINSERT INTO missing_table VALUES (1);');
    const error = migrationError(() => migrate(db, loadMigrations(folder)));
    expect(error.code).toBe('failed');
    expect(error.message).toMatch(/migration 2 \(broken\) failed: no such table: missing_table/);
    expect(schemaVersion(db)).toBe(0);
    for (const table of ['half', 'things']) expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = ?`).get(table)).toBeUndefined();
  });

  it('refuses a migration edited after it was applied', () => {
    const folder = path.join(dir, 'migrations');
    writeMigration(folder, '0001_things.sql', 'CREATE TABLE things (id INTEGER PRIMARY KEY);');
    migrate(db, loadMigrations(folder));
    writeMigration(folder, '0001_things.sql', 'CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT);');
    const error = migrationError(() => migrate(db, loadMigrations(folder)));
    expect(error.code).toBe('checksum_mismatch');
    expect(error.message).toContain('was edited after it was applied');
  });

  it('refuses a database a newer Ringmaster changed beyond adding to it', () => {
    const folder = path.join(dir, 'migrations');
    writeMigration(folder, '0001_things.sql', 'CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT);');
    writeMigration(folder, '0002_rename.sql', 'ALTER TABLE things RENAME COLUMN name TO title;');
    migrate(db, loadMigrations(folder));
    fs.rmSync(path.join(folder, '0002_rename.sql'));
    const error = migrationError(() => migrate(db, loadMigrations(folder)));
    expect(error.code).toBe('newer_database');
    expect(error.message).toContain('changed more than it added');
    expect(error.message).toContain('restore the backup taken before it migrated');
  });

  it('runs an older Ringmaster on a database a newer one only added to (a rolled-back release)', () => {
    const folder = path.join(dir, 'migrations');
    writeMigration(folder, '0001_things.sql', 'CREATE TABLE things (id INTEGER PRIMARY KEY);');
    writeMigration(folder, '0002_more.sql', '-- new\nCREATE TABLE more (id INTEGER PRIMARY KEY);\nALTER TABLE things ADD COLUMN size INTEGER NOT NULL DEFAULT 0;');
    migrate(db, loadMigrations(folder));
    fs.rmSync(path.join(folder, '0002_more.sql'));
    expect(migrate(db, loadMigrations(folder))).toEqual({ applied: [], version: 2 });
    db.prepare('INSERT INTO things (id) VALUES (1)').run();
  });

  it('copies the database before it migrates one that has a schema, and not a fresh one', () => {
    const folder = path.join(dir, 'migrations');
    const backups = path.join(dir, 'backups');
    writeMigration(folder, '0001_things.sql', 'CREATE TABLE things (id INTEGER PRIMARY KEY);');
    migrate(db, loadMigrations(folder), { backupDir: backups });
    expect(fs.existsSync(backups)).toBe(false);
    db.prepare('INSERT INTO things (id) VALUES (7)').run();
    writeMigration(folder, '0002_more.sql', 'CREATE TABLE more (id INTEGER PRIMARY KEY);');
    migrate(db, loadMigrations(folder), { backupDir: backups });
    const [copy] = fs.readdirSync(backups);
    expect(copy).toMatch(/^ringmaster-before-migration-1-to-2-\d{8}T\d{9}Z\.db$/);
    expect(fs.statSync(path.join(backups, copy!)).mode & 0o777).toBe(0o600);
    const before = openDatabase(path.join(backups, copy!));
    expect(before.prepare('SELECT id FROM things').all()).toEqual([{ id: 7 }]);
    expect(before.prepare("SELECT name FROM sqlite_master WHERE name = 'more'").get()).toBeUndefined();
    before.close();
    expect(migrate(db, loadMigrations(folder), { backupDir: backups }).applied).toEqual([]);
    expect(fs.readdirSync(backups)).toHaveLength(1);
  });

  it('rejects a badly named file', () => {
    const folder = path.join(dir, 'migrations');
    writeMigration(folder, '1_things.sql', 'SELECT 1;');
    expect(migrationError(() => loadMigrations(folder)).code).toBe('bad_filename');
  });
});
