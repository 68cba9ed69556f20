import type { Db } from './open-database.js';
import { nowIso } from './row-mapping.js';

/** What a project learned from one of its tasks. */
export interface Lesson {
  taskId: string;
  projectId: string;
  title: string;
  outcome: string;
  lesson: string;
  createdAt: string;
}

interface LessonRow {
  task_id: string;
  project_id: string;
  title: string;
  outcome: string;
  lesson: string;
  created_at: string;
}

const toLesson = (row: LessonRow): Lesson => ({
  taskId: row.task_id,
  projectId: row.project_id,
  title: row.title,
  outcome: row.outcome,
  lesson: row.lesson,
  createdAt: row.created_at,
});

/** Reads and writes project lessons; recording a task's lesson again replaces it. */
export function createLessonRepository(db: Db) {
  return {
    record(lesson: Omit<Lesson, 'createdAt'>): void {
      db.prepare(
        `INSERT INTO lessons (task_id, project_id, title, outcome, lesson, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (task_id) DO UPDATE SET title = excluded.title, outcome = excluded.outcome, lesson = excluded.lesson`,
      ).run(lesson.taskId, lesson.projectId, lesson.title, lesson.outcome, lesson.lesson, nowIso());
    },
    /** The project's most recent lessons, newest first, at most `limit`, leaving out `exceptTaskId`'s own. */
    recent(projectId: string, limit: number, exceptTaskId?: string): Lesson[] {
      return db
        .prepare<[string, string, number], LessonRow>('SELECT * FROM lessons WHERE project_id = ? AND task_id != ? ORDER BY created_at DESC, task_id LIMIT ?')
        .all(projectId, exceptTaskId ?? '', limit)
        .map(toLesson);
    },
  };
}

export type LessonRepository = ReturnType<typeof createLessonRepository>;
