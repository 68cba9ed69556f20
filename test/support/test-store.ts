import path from 'node:path';
import { DEFAULT_PROMPT_SETTINGS } from '../../model/prompt-settings.js';
import { createStore, type Store } from '../../store/create-store.js';
import { migrate } from '../../store/migrate.js';
import { openDatabase, type Db } from '../../store/open-database.js';
import type { NewProject } from '../../store/project-repository.js';
import type { NewTask } from '../../store/task-repository.js';
import { makeTempDir, removeDir } from './temp-dir.js';

/** A migrated SQLite store in a temporary folder; `close` shuts it and removes the folder. */
export interface TestStore {
  db: Db;
  store: Store;
  close(): void;
}

export function openTestStore(): TestStore {
  const dir = makeTempDir();
  const db = openDatabase(path.join(dir, 'ringmaster.db'));
  migrate(db);
  return {
    db,
    store: createStore(db),
    close() {
      db.close();
      removeDir(dir);
    },
  };
}

/** A project record with plain defaults (repository `/repo`, command agent), `overrides` on top. */
export function testProject(id: string, overrides: Partial<NewProject> = {}): NewProject {
  return {
    id,
    name: `demo-${id}`,
    repoPath: '/repo',
    defaultBranch: 'main',
    testCommand: null,
    setupCommand: null,
    copyFiles: [],
    agent: 'command',
    maxIterations: 3,
    maxConcurrentTasks: null,
    budgetUsd: null,
    linkFiles: [],
    buildCommand: null,
    reloadCommand: null,
    healthUrl: null,
    watch: false,
    self: false,
    lintCommand: null,
    prompt: DEFAULT_PROMPT_SETTINGS,
    ...overrides,
  };
}

/** A task record as the API files it (P2, command agent, running), `overrides` on top. */
export function testTask(id: string, projectId: string, overrides: Partial<NewTask> = {}): NewTask {
  return {
    id,
    workflowId: `task-${id}`,
    projectId,
    title: `task ${id}`,
    description: '',
    acceptanceCriteria: [],
    priority: 'P2',
    agent: 'command',
    agentOptions: {},
    maxIterations: 3,
    budgetUsd: null,
    timeoutMinutes: 5,
    status: 'running',
    ...overrides,
  };
}
