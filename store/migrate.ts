import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../config/paths.js';
import type { Db } from './open-database.js';
import { MigrationError, parseMigrationFilename, planMigrations, type AppliedMigration, type Migration } from './migration-plan.js';

/** The folder of numbered SQL migrations shipped with Ringmaster. */
export function defaultMigrationsDir(): string {
  return path.join(packageRoot(), 'migrations');
}

/** Reads every `NNNN_name.sql` file of `dir` with its SHA-256 checksum. */
export function loadMigrations(dir: string = defaultMigrationsDir()): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const sql = fs.readFileSync(path.join(dir, file), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      return { ...parseMigrationFilename(file), sql, checksum };
    });
}

function readApplied(db: Db): AppliedMigration[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    checksum   TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  return db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as AppliedMigration[];
}

export interface MigrateResult {
  /** Versions applied by this call, in order. */
  applied: number[];
  /** The schema version after the call. */
  version: number;
}

/**
 * Applies pending migrations in order, each in its own transaction together with its record in
 * `schema_migrations`, so a failing migration leaves the database at the previous version.
 * Throws MigrationError when the files and the database disagree or a migration fails.
 */
export function migrate(db: Db, migrations: readonly Migration[] = loadMigrations()): MigrateResult {
  const pending = planMigrations(migrations, readApplied(db));
  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  for (const migration of pending) {
    const apply = db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, migration.checksum, new Date().toISOString());
    });
    try {
      apply.immediate();
    } catch (err) {
      throw new MigrationError('failed', `migration ${migration.version} (${migration.name}) failed: ${(err as Error).message}`);
    }
  }
  return { applied: pending.map((m) => m.version), version: schemaVersion(db) };
}

/** Returns the highest applied migration version, 0 for a fresh database. */
export function schemaVersion(db: Db): number {
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null } | undefined;
  return row?.version ?? 0;
}
