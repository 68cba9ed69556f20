import type { Db } from './open-database.js';

/** Reads and writes the `meta` key/value table. */
export function createMetaRepository(db: Db) {
  const upsert = db.prepare(
    `INSERT INTO meta (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const select = db.prepare('SELECT value FROM meta WHERE key = ?');
  return {
    /** Stores `value` under `key`, replacing any previous value. */
    set(key: string, value: string): void {
      upsert.run(key, value, new Date().toISOString());
    },
    /** Returns the value under `key`, or undefined. */
    get(key: string): string | undefined {
      return (select.get(key) as { value: string } | undefined)?.value;
    },
  };
}
