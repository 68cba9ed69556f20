import { dataPaths } from '../../config/paths.js';
import { createStore } from '../../store/create-store.js';
import { openDatabase } from '../../store/open-database.js';

/**
 * Writes `count` finished task rows of `projectId` straight into the projection of a running
 * Ringmaster (SQLite in WAL mode takes a second writer), to measure the list path at that size.
 */
export function seedFinishedTasks(home: string, projectId: string, count: number): void {
  const db = openDatabase(dataPaths(home).database);
  try {
    const store = createStore(db);
    db.transaction(() => {
      for (let n = 0; n < count; n++) {
        const id = `seed${n.toString(36).padStart(6, '0')}`;
        store.tasks.insert({
          id,
          workflowId: `task-${id}`,
          projectId,
          title: `seeded task ${n}`,
          description: 'a finished task the list has to page past',
          acceptanceCriteria: [],
          priority: 'P2',
          agent: 'command',
          agentOptions: { command: ['true'] },
          maxIterations: 1,
          budgetUsd: null,
          timeoutMinutes: 5,
          status: 'completed',
        });
      }
    })();
  } finally {
    db.close();
  }
}
