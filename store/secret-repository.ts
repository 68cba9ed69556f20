import type { Db } from './open-database.js';
import { nowIso } from './row-mapping.js';

/** The scope of named secrets; a task's own secrets use its task id. */
export const NAMED_SECRET_SCOPE = '';

/** What is known of a stored secret without decrypting it. */
export interface SecretInfo {
  name: string;
  updatedAt: string;
  updatedBy: string | null;
}

interface SecretRow {
  name: string;
  value: Buffer;
  updated_at: string;
  updated_by: string | null;
}

/** Reads and writes encrypted secret values (this module never sees a clear value). */
export function createSecretRepository(db: Db) {
  return {
    /** Stores (or replaces) the sealed value of `scope`/`name`. */
    put(scope: string, name: string, sealed: Buffer, updatedBy: string | null): void {
      db.prepare(
        `INSERT INTO secrets (scope, name, value, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (scope, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      ).run(scope, name, sealed, nowIso(), updatedBy);
    },
    /** The sealed value, or undefined when there is none. */
    get(scope: string, name: string): Buffer | undefined {
      return db.prepare<[string, string], Pick<SecretRow, 'value'>>('SELECT value FROM secrets WHERE scope = ? AND name = ?').get(scope, name)?.value;
    },
    list(scope: string): SecretInfo[] {
      return db
        .prepare<[string], Omit<SecretRow, 'value'>>('SELECT name, updated_at, updated_by FROM secrets WHERE scope = ? ORDER BY name')
        .all(scope)
        .map((row) => ({ name: row.name, updatedAt: row.updated_at, updatedBy: row.updated_by }));
    },
    /** Removes one secret; false when there was none. */
    remove(scope: string, name: string): boolean {
      return db.prepare('DELETE FROM secrets WHERE scope = ? AND name = ?').run(scope, name).changes > 0;
    },
    /** Removes every secret of a scope (a finished task's); returns how many went. */
    removeScope(scope: string): number {
      return db.prepare('DELETE FROM secrets WHERE scope = ?').run(scope).changes;
    },
  };
}

export type SecretRepository = ReturnType<typeof createSecretRepository>;
