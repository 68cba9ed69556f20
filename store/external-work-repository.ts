import { ExternalWorkStatus } from '../model/external-work.js';
import type { Priority } from '../model/priority.js';
import type { Db } from './open-database.js';
import { nowIso } from './row-mapping.js';

/** A task iteration offered to external workers, and who holds it. */
export interface ExternalWork {
  taskId: string;
  iteration: number;
  status: ExternalWorkStatus;
  priority: Priority;
  worktreePath: string;
  promptPath: string | null;
  heartbeatTimeoutSeconds: number;
  workerId: string | null;
  claimedAt: string | null;
  heartbeatAt: string | null;
  /** Base64 task token of the activity waiting for the result; null until that activity started. */
  taskToken: string | null;
  offeredAt: string;
}

/** What the workflow offers. */
export type ExternalOffer = Pick<ExternalWork, 'taskId' | 'iteration' | 'priority' | 'worktreePath' | 'promptPath' | 'heartbeatTimeoutSeconds'>;

interface ExternalWorkRow {
  task_id: string;
  iteration: number;
  status: ExternalWorkStatus;
  priority: Priority;
  worktree_path: string;
  prompt_path: string | null;
  heartbeat_timeout_seconds: number;
  worker_id: string | null;
  claimed_at: string | null;
  heartbeat_at: string | null;
  task_token: string | null;
  offered_at: string;
}

function fromRow(row: ExternalWorkRow): ExternalWork {
  return {
    taskId: row.task_id,
    iteration: row.iteration,
    status: row.status,
    priority: row.priority,
    worktreePath: row.worktree_path,
    promptPath: row.prompt_path,
    heartbeatTimeoutSeconds: row.heartbeat_timeout_seconds,
    workerId: row.worker_id,
    claimedAt: row.claimed_at,
    heartbeatAt: row.heartbeat_at,
    taskToken: row.task_token,
    offeredAt: row.offered_at,
  };
}

const UNCLAIMED = `status = '${ExternalWorkStatus.ready}', worker_id = NULL, claimed_at = NULL, heartbeat_at = NULL, task_token = NULL`;

/**
 * Reads and writes the work offered to external workers. Every write is conditional, so a
 * retried activity or a late request from a worker that lost its claim changes nothing.
 */
export function createExternalWorkRepository(db: Db) {
  const get = (taskId: string): ExternalWork | undefined => {
    const row = db.prepare<[string], ExternalWorkRow>('SELECT * FROM external_work WHERE task_id = ?').get(taskId);
    return row ? fromRow(row) : undefined;
  };
  const claim = db.transaction((workerId: string): ExternalWork | undefined => {
    // The task's effective priority is read now: it may have inherited a more urgent one while waiting.
    const row = db
      .prepare<[string], ExternalWorkRow>(
        `SELECT w.* FROM external_work w LEFT JOIN tasks t ON t.id = w.task_id WHERE w.status = ?
         ORDER BY COALESCE(t.effective_priority, t.priority, w.priority), w.offered_at, w.rowid LIMIT 1`,
      )
      .get(ExternalWorkStatus.ready);
    if (!row) return undefined;
    db.prepare('UPDATE external_work SET status = ?, worker_id = ?, claimed_at = ?, heartbeat_at = NULL, task_token = NULL WHERE task_id = ?').run(
      ExternalWorkStatus.claimed,
      workerId,
      nowIso(),
      row.task_id,
    );
    return get(row.task_id);
  });

  return {
    get,

    /**
     * Offers an iteration: ready for any worker. Offering the same iteration again keeps the row
     * as it is (a retried activity must not take a claim away).
     */
    offer(offer: ExternalOffer): void {
      db.prepare(
        `INSERT INTO external_work (task_id, iteration, status, priority, worktree_path, prompt_path, heartbeat_timeout_seconds, offered_at)
         VALUES (@taskId, @iteration, '${ExternalWorkStatus.ready}', @priority, @worktreePath, @promptPath, @heartbeatTimeoutSeconds, @offeredAt)
         ON CONFLICT (task_id) DO UPDATE SET iteration = excluded.iteration, priority = excluded.priority, worktree_path = excluded.worktree_path,
           prompt_path = excluded.prompt_path, heartbeat_timeout_seconds = excluded.heartbeat_timeout_seconds, offered_at = excluded.offered_at, ${UNCLAIMED}
         WHERE external_work.iteration <> excluded.iteration`,
      ).run({ ...offer, offeredAt: nowIso() });
    },

    /** Claims the most urgent, then oldest, ready row for `workerId` in one transaction; undefined when nothing is ready. */
    claimNext(workerId: string): ExternalWork | undefined {
      return claim.immediate(workerId);
    },

    /** Stores the waiting activity's task token on the claim; false when the claim is no longer this worker's. */
    attachToken(taskId: string, iteration: number, workerId: string, taskToken: string): boolean {
      return (
        db
          .prepare('UPDATE external_work SET task_token = ?, heartbeat_at = ? WHERE task_id = ? AND iteration = ? AND worker_id = ? AND status = ?')
          .run(taskToken, nowIso(), taskId, iteration, workerId, ExternalWorkStatus.claimed).changes > 0
      );
    },

    /** Records a heartbeat of the claim holding `taskToken`. */
    touch(taskId: string, taskToken: string): void {
      db.prepare('UPDATE external_work SET heartbeat_at = ? WHERE task_id = ? AND task_token = ?').run(nowIso(), taskId, taskToken);
    },

    /** Puts a claim of `workerId` back in the queue, keeping its place (offered_at). */
    release(taskId: string, workerId: string): void {
      db.prepare(`UPDATE external_work SET ${UNCLAIMED} WHERE task_id = ? AND worker_id = ? AND status = ?`).run(taskId, workerId, ExternalWorkStatus.claimed);
    },

    /** Removes the row of the claim holding `taskToken` (its result was delivered). */
    finish(taskId: string, taskToken: string): void {
      db.prepare('DELETE FROM external_work WHERE task_id = ? AND task_token = ?').run(taskId, taskToken);
    },

    /** Removes whatever the task offered (its iteration ended, or the task did). */
    withdraw(taskId: string): void {
      db.prepare('DELETE FROM external_work WHERE task_id = ?').run(taskId);
    },

    /** Every offered row, most urgent and oldest first. */
    list(): ExternalWork[] {
      return db.prepare<[], ExternalWorkRow>('SELECT * FROM external_work ORDER BY priority, offered_at, rowid').all().map(fromRow);
    },
  };
}

export type ExternalWorkRepository = ReturnType<typeof createExternalWorkRepository>;
