import type { Db } from './open-database.js';
import { nowIso } from './row-mapping.js';

/** A question an agent asked and the answer a person gave. */
export interface DecisionRecord {
  taskId: string;
  iteration: number;
  question: string;
  answer: string | null;
  askedAt: string;
  answeredAt: string | null;
  /** Who answered; null when the answer came through Temporal directly. */
  answeredBy: string | null;
}

interface DecisionRow {
  task_id: string;
  iteration: number;
  question: string;
  answer: string | null;
  asked_at: string;
  answered_at: string | null;
  answered_by: string | null;
}

/** Reads and writes decisions; asking or answering twice keeps the first record. */
export function createDecisionRepository(db: Db) {
  return {
    ask(taskId: string, iteration: number, question: string): void {
      db.prepare('INSERT INTO task_decisions (task_id, iteration, question, asked_at) VALUES (?, ?, ?, ?) ON CONFLICT (task_id, iteration) DO NOTHING').run(taskId, iteration, question, nowIso());
    },
    answer(taskId: string, iteration: number, answer: string, answeredBy: string | null = null): void {
      db.prepare('UPDATE task_decisions SET answer = ?, answered_at = ?, answered_by = ? WHERE task_id = ? AND iteration = ? AND answer IS NULL').run(answer, nowIso(), answeredBy, taskId, iteration);
    },
    list(taskId: string): DecisionRecord[] {
      return db
        .prepare<[string], DecisionRow>('SELECT * FROM task_decisions WHERE task_id = ? ORDER BY iteration')
        .all(taskId)
        .map((row) => ({
          taskId: row.task_id,
          iteration: row.iteration,
          question: row.question,
          answer: row.answer,
          askedAt: row.asked_at,
          answeredAt: row.answered_at,
          answeredBy: row.answered_by,
        }));
    },
  };
}

export type DecisionRepository = ReturnType<typeof createDecisionRepository>;
