import type { Db } from './open-database.js';

/** One edge of the dependency graph: `taskId` waits for `dependsOn` (unless dropped). */
export interface Dependency {
  taskId: string;
  dependsOn: string;
  dropped: boolean;
}

interface DependencyRow {
  task_id: string;
  depends_on: string;
  dropped: number;
}

const toDependency = (row: DependencyRow): Dependency => ({ taskId: row.task_id, dependsOn: row.depends_on, dropped: row.dropped === 1 });

/** Reads and writes task dependencies. Adding an edge twice is harmless. */
export function createDependencyRepository(db: Db) {
  return {
    add(taskId: string, dependsOn: readonly string[]): void {
      const insert = db.prepare('INSERT INTO task_dependencies (task_id, depends_on) VALUES (?, ?) ON CONFLICT DO NOTHING');
      db.transaction(() => {
        for (const dep of dependsOn) insert.run(taskId, dep);
      })();
    },
    /** What `taskId` depends on, dropped edges included, in insertion order. */
    of(taskId: string): Dependency[] {
      return db.prepare<[string], DependencyRow>('SELECT * FROM task_dependencies WHERE task_id = ? ORDER BY rowid').all(taskId).map(toDependency);
    },
    /** The tasks that wait for `dependsOn` (not dropped). */
    dependentsOf(dependsOn: string): string[] {
      return db
        .prepare<[string], { task_id: string }>('SELECT task_id FROM task_dependencies WHERE depends_on = ? AND dropped = 0 ORDER BY rowid')
        .all(dependsOn)
        .map((row) => row.task_id);
    },
    /** Marks the edge dropped; returns false when there is no such edge. */
    drop(taskId: string, dependsOn: string): boolean {
      return db.prepare('UPDATE task_dependencies SET dropped = 1 WHERE task_id = ? AND depends_on = ?').run(taskId, dependsOn).changes > 0;
    },
    /** Every edge that is not dropped, for cycle checks. */
    edges(): { taskId: string; dependsOn: string }[] {
      return db
        .prepare<[], DependencyRow>('SELECT * FROM task_dependencies WHERE dropped = 0')
        .all()
        .map((row) => ({ taskId: row.task_id, dependsOn: row.depends_on }));
    },
  };
}

export type DependencyRepository = ReturnType<typeof createDependencyRepository>;
