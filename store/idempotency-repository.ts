import type { Db } from './open-database.js';
import { nowIso } from './row-mapping.js';

/** What an idempotency key stands for: the request it came with and the task it made. */
export interface IdempotentRequest {
  requestHash: string;
  taskId: string;
  createdAt: string;
}

/** Keys of POST /api/tasks per principal; the first request with a key claims it. */
export function createIdempotencyRepository(db: Db) {
  return {
    /** Claims `key` for a new task; returns what an earlier request with it holds instead, if any. */
    claim(principal: string, key: string, requestHash: string, taskId: string): IdempotentRequest | undefined {
      const inserted = db
        .prepare('INSERT INTO idempotency_keys (principal, key, request_hash, task_id, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (principal, key) DO NOTHING')
        .run(principal, key, requestHash, taskId, nowIso());
      if (inserted.changes > 0) return undefined;
      const row = db
        .prepare<[string, string], { request_hash: string; task_id: string; created_at: string }>('SELECT request_hash, task_id, created_at FROM idempotency_keys WHERE principal = ? AND key = ?')
        .get(principal, key);
      return row && { requestHash: row.request_hash, taskId: row.task_id, createdAt: row.created_at };
    },
    /** Gives a key back (its request failed before it made anything). */
    release(principal: string, key: string, taskId: string): void {
      db.prepare('DELETE FROM idempotency_keys WHERE principal = ? AND key = ? AND task_id = ?').run(principal, key, taskId);
    },
    /** Drops keys older than `before` (ISO time); returns how many. */
    expire(before: string): number {
      return db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?').run(before).changes;
    },
  };
}

export type IdempotencyRepository = ReturnType<typeof createIdempotencyRepository>;
