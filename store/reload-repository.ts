import type { ReloadStatus, ReloadStepRecord, ReloadTrigger } from '../model/reload.js';
import type { Db } from './open-database.js';
import { fromJson, nowIso } from './row-mapping.js';

/** One hot reload as users query it. */
export interface ReloadRecord {
  id: string;
  projectId: string;
  projectName: string;
  workflowId: string;
  trigger: ReloadTrigger;
  taskId: string | null;
  fromCommit: string | null;
  toCommit: string;
  status: ReloadStatus;
  steps: ReloadStepRecord[];
  compensations: ReloadStepRecord[];
  error: string | null;
  revertCommit: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export type NewReload = Pick<ReloadRecord, 'id' | 'projectId' | 'workflowId' | 'trigger' | 'taskId' | 'fromCommit' | 'toCommit'>;

interface Row {
  id: string;
  project_id: string;
  project_name: string;
  workflow_id: string;
  trigger: string;
  task_id: string | null;
  from_commit: string | null;
  to_commit: string;
  status: string;
  steps: string;
  compensations: string;
  error: string | null;
  revert_commit: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

function toReload(row: Row): ReloadRecord {
  return {
    id: row.id,
    projectId: row.project_id,
    projectName: row.project_name,
    workflowId: row.workflow_id,
    trigger: row.trigger as ReloadTrigger,
    taskId: row.task_id,
    fromCommit: row.from_commit,
    toCommit: row.to_commit,
    status: row.status as ReloadStatus,
    steps: fromJson<ReloadStepRecord[]>(row.steps, []),
    compensations: fromJson<ReloadStepRecord[]>(row.compensations, []),
    error: row.error,
    revertCommit: row.revert_commit,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

const SELECT = 'SELECT reloads.*, projects.name AS project_name FROM reloads JOIN projects ON projects.id = reloads.project_id';

// A retried activity records the same step again: the later record of a name replaces the earlier.
function upsertStep(steps: ReloadStepRecord[], step: ReloadStepRecord): ReloadStepRecord[] {
  const at = steps.findIndex((s) => s.name === step.name && s.host === step.host);
  return at < 0 ? [...steps, step] : steps.map((s, i) => (i === at ? step : s));
}

/** Reads and writes reload records, releases per project and the commits that passed the merge queue. */
export function createReloadRepository(db: Db) {
  const get = (id: string): ReloadRecord | undefined => {
    const row = db.prepare<[string], Row>(`${SELECT} WHERE reloads.id = ?`).get(id);
    return row && toReload(row);
  };
  const addTo = (column: 'steps' | 'compensations', id: string, step: ReloadStepRecord) =>
    db.transaction(() => {
      const current = get(id);
      if (!current) return;
      db.prepare(`UPDATE reloads SET ${column} = ?, updated_at = ? WHERE id = ?`).run(JSON.stringify(upsertStep(current[column], step)), nowIso(), id);
    })();
  return {
    /** Records a reload unless it exists (a replayed workflow); returns it. */
    start(reload: NewReload): ReloadRecord {
      const now = nowIso();
      db.prepare(
        `INSERT INTO reloads (id, project_id, workflow_id, trigger, task_id, from_commit, to_commit, status, created_at, updated_at)
         VALUES (@id, @projectId, @workflowId, @trigger, @taskId, @fromCommit, @toCommit, 'running', @now, @now)
         ON CONFLICT (id) DO NOTHING`,
      ).run({ ...reload, now });
      return get(reload.id)!;
    },
    get,
    recordStep: (id: string, step: ReloadStepRecord) => addTo('steps', id, step),
    recordCompensation: (id: string, step: ReloadStepRecord) => addTo('compensations', id, step),
    finish(id: string, result: { status: ReloadStatus; error: string | null; revertCommit: string | null }): void {
      db.prepare('UPDATE reloads SET status = ?, error = ?, revert_commit = ?, finished_at = ?, updated_at = ? WHERE id = ?').run(
        result.status,
        result.error,
        result.revertCommit,
        nowIso(),
        nowIso(),
        id,
      );
    },
    /** Newest first; optionally one project's. */
    list(filter: { projectId?: string; limit: number }): ReloadRecord[] {
      const where = filter.projectId ? 'WHERE reloads.project_id = ?' : '';
      const args = filter.projectId ? [filter.projectId, filter.limit] : [filter.limit];
      return db
        .prepare<(string | number)[], Row>(`${SELECT} ${where} ORDER BY reloads.created_at DESC, reloads.id DESC LIMIT ?`)
        .all(...args)
        .map(toReload);
    },

    /** The commit a project serves now and the last one that passed its health check. */
    releases(projectId: string): { current: string | null; lastGood: string | null } {
      const row = db.prepare<[string], { current: string | null; last_good: string | null }>('SELECT current, last_good FROM project_releases WHERE project_id = ?').get(projectId);
      return { current: row?.current ?? null, lastGood: row?.last_good ?? null };
    },
    setReleases(projectId: string, releases: { current?: string | null; lastGood?: string | null }): void {
      const now = nowIso();
      const before = this.releases(projectId);
      db.prepare(
        `INSERT INTO project_releases (project_id, current, last_good, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (project_id) DO UPDATE SET current = excluded.current, last_good = excluded.last_good, updated_at = excluded.updated_at`,
      ).run(projectId, releases.current === undefined ? before.current : releases.current, releases.lastGood === undefined ? before.lastGood : releases.lastGood, now);
    },

    /** Records that the project's tests passed on `commit` in the merge queue. */
    markTested(projectId: string, commit: string): void {
      db.prepare('INSERT INTO tested_commits (project_id, commit_sha, tested_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(projectId, commit, nowIso());
    },
    isTested(projectId: string, commit: string): boolean {
      return db.prepare('SELECT 1 FROM tested_commits WHERE project_id = ? AND commit_sha = ?').get(projectId, commit) !== undefined;
    },
  };
}

export type ReloadRepository = ReturnType<typeof createReloadRepository>;
