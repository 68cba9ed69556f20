import type { Db } from './open-database.js';

/** A value that changes whenever the database may have: see createChangeVersion. */
export type ChangeVersion = () => string;

/**
 * What a cache of query results over `db` is valid for: SQLite's `data_version` changes with every
 * commit of another connection (the worker's projection writes, another process), and
 * `total_changes()` with every row this connection wrote. Two lookups of a few microseconds.
 */
export function createChangeVersion(db: Db): ChangeVersion {
  const others = db.prepare<[], number>('PRAGMA data_version').pluck();
  const own = db.prepare<[], number>('SELECT total_changes()').pluck();
  return () => `${others.get()}:${own.get()}`;
}
