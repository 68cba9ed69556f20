import { createDecisionRepository } from './decision-repository.js';
import { createIterationRepository } from './iteration-repository.js';
import type { Db } from './open-database.js';
import { createProjectRepository } from './project-repository.js';
import { createReloadRepository } from './reload-repository.js';
import { createTaskRepository } from './task-repository.js';

/** Every repository over one database connection. */
export function createStore(db: Db) {
  return {
    projects: createProjectRepository(db),
    tasks: createTaskRepository(db),
    iterations: createIterationRepository(db),
    decisions: createDecisionRepository(db),
    reloads: createReloadRepository(db),
  };
}

export type Store = ReturnType<typeof createStore>;
