import { createChangeVersion } from './change-version.js';
import { createDecisionRepository } from './decision-repository.js';
import { createDependencyRepository } from './dependency-repository.js';
import { createExternalWorkRepository } from './external-work-repository.js';
import { createIdempotencyRepository } from './idempotency-repository.js';
import { createIterationRepository } from './iteration-repository.js';
import { createLessonRepository } from './lesson-repository.js';
import { createMetricsRepository } from './metrics-repository.js';
import { createNotificationRepository } from './notification-repository.js';
import type { Db } from './open-database.js';
import { createProjectRepository } from './project-repository.js';
import { createReloadRepository } from './reload-repository.js';
import { createSecretRepository } from './secret-repository.js';
import { createTaskRepository } from './task-repository.js';
import { createUserRepository } from './user-repository.js';

/** Every repository over one database connection. */
export function createStore(db: Db) {
  return {
    projects: createProjectRepository(db),
    tasks: createTaskRepository(db),
    iterations: createIterationRepository(db),
    decisions: createDecisionRepository(db),
    reloads: createReloadRepository(db),
    lessons: createLessonRepository(db),
    externalWork: createExternalWorkRepository(db),
    dependencies: createDependencyRepository(db),
    users: createUserRepository(db),
    secrets: createSecretRepository(db),
    idempotency: createIdempotencyRepository(db),
    metrics: createMetricsRepository(db),
    notifications: createNotificationRepository(db),
    /** Changes whenever the database may have: what cached query results are valid for. */
    changeVersion: createChangeVersion(db),
  };
}

export type Store = ReturnType<typeof createStore>;
