/** A numbered SQL migration file, e.g. `0001_initial.sql`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** A migration recorded in the database as applied. */
export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
  /** It only added to the schema (isAdditiveSql): older code still runs on it. 0 when unknown. */
  additive?: number;
}

/** Thrown when the migrations on disk and those recorded in the database cannot be reconciled. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    readonly code: 'bad_filename' | 'duplicate_version' | 'checksum_mismatch' | 'newer_database' | 'failed',
    message: string,
  ) {
    super(message);
  }
}

const FILENAME = /^(\d{4})_([a-z0-9][a-z0-9_-]*)\.sql$/;

/** Parses `0003_add_tasks.sql` into version 3 and name `add_tasks`; throws on any other shape. */
export function parseMigrationFilename(filename: string): { version: number; name: string } {
  const match = FILENAME.exec(filename);
  if (!match) {
    throw new MigrationError('bad_filename', `migration file "${filename}" must be named NNNN_name.sql (four digits, lowercase name), e.g. 0001_initial.sql`);
  }
  return { version: Number(match[1]), name: match[2]! };
}

/**
 * Decides which migrations to apply, in version order. Refuses an applied migration whose file
 * changed (checksum), one that disappeared, and a database a newer Ringmaster migrated beyond
 * what it knows, unless every such migration only added to the schema (a rolled-back release
 * then runs on the newer database).
 */
export function planMigrations(available: readonly Migration[], applied: readonly AppliedMigration[]): Migration[] {
  const byVersion = new Map<number, Migration>();
  for (const migration of available) {
    const other = byVersion.get(migration.version);
    if (other) {
      throw new MigrationError('duplicate_version', `migrations ${other.name} and ${migration.name} share version ${migration.version}`);
    }
    byVersion.set(migration.version, migration);
  }
  const latest = Math.max(0, ...available.map((m) => m.version));
  for (const done of applied) {
    const file = byVersion.get(done.version);
    if (!file) {
      if (done.version > latest && done.additive === 1) continue;
      if (done.version > latest) {
        throw new MigrationError(
          'newer_database',
          `the database is at migration ${done.version} (${done.name}) but this Ringmaster knows only up to ${latest}, and that migration ` +
            'changed more than it added: it was used by a newer version; upgrade Ringmaster, restore the backup taken before it migrated (backups/), or use another RINGMASTER_HOME',
        );
      }
      throw new MigrationError('checksum_mismatch', `applied migration ${done.version} (${done.name}) is missing from the migrations folder`);
    }
    if (file.checksum !== done.checksum) {
      throw new MigrationError(
        'checksum_mismatch',
        `migration ${done.version} (${done.name}) was edited after it was applied (checksum ${done.checksum.slice(0, 12)} in the ` +
          `database, ${file.checksum.slice(0, 12)} on disk); never edit an applied migration, add a new one instead`,
      );
    }
  }
  const doneVersions = new Set(applied.map((m) => m.version));
  return [...byVersion.values()].filter((m) => !doneVersions.has(m.version)).sort((a, b) => a.version - b.version);
}
