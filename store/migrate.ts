import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../config/paths.js';
import type { Db } from './open-database.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../config/private-files.js';
import { isAdditiveSql } from './additive-sql.js';
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

// The migrator's own bookkeeping (not an application table, so not a numbered migration): which
// migration ran when, and whether it only added to the schema, for older Ringmasters to read.
function ensureBookkeeping(db: Db): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    checksum   TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(schema_migrations)').all();
  if (!columns.some((column) => column.name === 'additive')) db.exec('ALTER TABLE schema_migrations ADD COLUMN additive INTEGER NOT NULL DEFAULT 0');
}

function readApplied(db: Db): AppliedMigration[] {
  return db.prepare('SELECT version, name, checksum, additive FROM schema_migrations ORDER BY version').all() as AppliedMigration[];
}

export interface MigrateResult {
  /** Versions applied by this call, in order. */
  applied: number[];
  /** The schema version after the call. */
  version: number;
}

export interface MigrateOptions {
  /** Before migrating a database that has a schema, a copy of it goes here (`backups/`). */
  backupDir?: string;
  /** Called once when another connection holds the write lock, before waiting for it (busy_timeout). */
  onLockBusy?: () => void;
}

/** Copies the database as it is before migrating it (VACUUM INTO: consistent, compact); returns the copy. */
function backupBeforeMigrating(db: Db, dir: string, from: number, to: number): string {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const file = path.join(dir, `ringmaster-before-migration-${from}-to-${to}-${new Date().toISOString().replace(/[-:.]/g, '')}.db`);
  db.prepare('VACUUM INTO ?').run(file);
  fs.chmodSync(file, PRIVATE_FILE_MODE);
  return file;
}

/**
 * Applies pending migrations in order, all in one immediate transaction together with their
 * records in `schema_migrations`: a second process migrating at the same time waits for the lock
 * and then finds nothing left to do, and a failing migration leaves the database as it was.
 * With `backupDir`, a database that already has a schema is first copied there. Throws
 * MigrationError when the files and the database disagree or a migration fails.
 */
export function migrate(db: Db, migrations: readonly Migration[] = loadMigrations(), options: MigrateOptions = {}): MigrateResult {
  const apply = db.transaction((): Migration[] => {
    ensureBookkeeping(db);
    // Planned under the lock: what another process applied meanwhile is not applied again.
    const pending = planMigrations(migrations, readApplied(db));
    const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at, additive) VALUES (?, ?, ?, ?, ?)');
    for (const migration of pending) {
      try {
        db.exec(migration.sql);
      } catch (err) {
        throw new MigrationError('failed', `migration ${migration.version} (${migration.name}) failed: ${(err as Error).message}`);
      }
      record.run(migration.version, migration.name, migration.checksum, new Date().toISOString(), Number(isAdditiveSql(migration.sql)));
    }
    return pending;
  });
  const current = schemaVersion(db);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  // VACUUM INTO cannot run in a transaction: copied first, when there may be something to migrate.
  if (options.backupDir && current > 0 && known > current) backupBeforeMigrating(db, options.backupDir, current, known);
  const pending = options.onLockBusy ? applyNoticingBusy(db, () => apply.immediate(), options.onLockBusy) : apply.immediate();
  return { applied: pending.map((m) => m.version), version: schemaVersion(db) };
}

/** Runs `run` once without waiting for the write lock; when it is held, says so and runs it again with the connection's own wait. */
function applyNoticingBusy<T>(db: Db, run: () => T, onLockBusy: () => void): T {
  const waitMs = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    return run();
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
  } finally {
    db.pragma(`busy_timeout = ${waitMs}`);
  }
  onLockBusy();
  return run();
}

function hasBookkeeping(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
}

/** Returns the highest applied migration version, 0 for a fresh database. */
export function schemaVersion(db: Db): number {
  if (!hasBookkeeping(db)) return 0;
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null } | undefined;
  return row?.version ?? 0;
}
