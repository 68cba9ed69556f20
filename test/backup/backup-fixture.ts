import fs from 'node:fs';
import path from 'node:path';
import { create, extract } from 'tar';
import { createStore, type Store } from '../../store/create-store.js';
import { migrate } from '../../store/migrate.js';
import { openDatabase, type Db } from '../../store/open-database.js';
import { makeTempDir } from '../support/temp-dir.js';
import { testProject, testTask } from '../support/test-store.js';

/** A data dir's ringmaster.db made with the real migrations, holding one project and two tasks; left open. */
export function seedHome(home: string): { db: Db; store: Store } {
  const db = openDatabase(path.join(home, 'ringmaster.db'));
  migrate(db);
  const store = createStore(db);
  store.projects.create(testProject('p1', { name: 'demo' }));
  for (const id of ['t1', 't2']) {
    store.tasks.insert(testTask(id, 'p1', { description: 'restore me', maxIterations: 1, status: 'queued' }));
  }
  return { db, store };
}

/** The project names and task titles of a data dir, read through the real repositories. */
export function readHome(home: string): { projects: string[]; tasks: string[] } {
  const db = openDatabase(path.join(home, 'ringmaster.db'));
  try {
    const store = createStore(db);
    return {
      projects: store.projects.list().map((project) => project.name),
      tasks: store.tasks
        .list({}, { limit: 100 })
        .items.map((task) => task.title)
        .sort(),
    };
  } finally {
    db.close();
  }
}

/** The file's permission bits, e.g. 0o600. */
export const modeOf = (file: string): number => fs.statSync(file).mode & 0o777;

/**
 * Rewrites the backup `file` as `out` with `edit` applied to its unpacked files (the manifest
 * left as it was), as someone tampering with the content would.
 */
export async function repackBackup(file: string, out: string, edit: (dir: string) => void): Promise<void> {
  const dir = makeTempDir();
  try {
    await extract({ file, cwd: dir });
    edit(dir);
    await create(
      { gzip: true, cwd: dir, file: out, portable: true },
      fs.readdirSync(dir).sort((a, b) => (a === 'manifest.json' ? -1 : b === 'manifest.json' ? 1 : a.localeCompare(b))),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
