import type { AgentId } from '../model/agents.js';
import type { AgentOptions } from '../model/task-input.js';
import type { AgentOutcome } from '../model/agent-outcome.js';
import type { Priority } from '../model/priority.js';
import type { TaskPlan } from '../model/task.js';
import { canTransition, FINAL_STATUSES, TaskStatus } from '../model/task-status.js';
import type { Db } from './open-database.js';
import { fromJson, nowIso } from './row-mapping.js';

/** A task as users query it. */
export interface TaskRecord {
  id: string;
  workflowId: string;
  projectId: string;
  projectName: string;
  title: string;
  description: string;
  /** Checks the work must pass, given when the task was filed. */
  acceptanceCriteria: string[];
  priority: Priority;
  /** The priority it runs at now: its own, or a more urgent one inherited from a task waiting on it. */
  effectivePriority: Priority;
  /** Capabilities a worker must have to run it. */
  requires: string[];
  agent: AgentId;
  agentOptions: AgentOptions;
  maxIterations: number;
  budgetUsd: number | null;
  timeoutMinutes: number;
  status: TaskStatus;
  step: string;
  outcome: AgentOutcome | null;
  error: string | null;
  question: string | null;
  hostId: string | null;
  branch: string | null;
  worktreePath: string | null;
  worktreeKept: boolean;
  baseCommit: string | null;
  finalCommit: string | null;
  iterations: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** Who filed it; null when it was started through Temporal directly. */
  createdBy: string | null;
  /** Why the last cleanup of its worktree failed; maintenance tries again (null: nothing pending). */
  cleanupError: string | null;
  /** How many runs it had: 1, and one more for each retry. */
  runs: number;
  /** Its kept worktree and branch outlive the retention period of maintenance. */
  pinned: boolean;
  /** The decomposed task it is a subtask of; null for a task filed on its own. */
  parentId: string | null;
}

export type NewTask = Pick<
  TaskRecord,
  'id' | 'workflowId' | 'projectId' | 'title' | 'description' | 'acceptanceCriteria' | 'priority' | 'agent' | 'agentOptions' | 'maxIterations' | 'budgetUsd' | 'timeoutMinutes' | 'status'
> & { requires?: string[]; createdBy?: string | null; parentId?: string | null };

/** The record of a task about to start, from its resolved plan. */
export function queuedTask(plan: TaskPlan, workflowId: string): NewTask {
  return {
    id: plan.taskId,
    workflowId,
    projectId: plan.projectId,
    title: plan.title,
    description: plan.description,
    acceptanceCriteria: plan.acceptanceCriteria ?? [],
    priority: plan.priority,
    requires: plan.requires ?? [],
    agent: plan.agent,
    agentOptions: plan.agentOptions,
    maxIterations: plan.maxIterations,
    budgetUsd: plan.budgetUsd,
    timeoutMinutes: plan.timeoutMinutes,
    status: TaskStatus.queued,
  };
}

/** Fields the workflow updates as the task moves on; undefined leaves a field as it is. */
export type TaskProgress = Partial<
  Pick<
    TaskRecord,
    | 'priority'
    | 'effectivePriority'
    | 'status'
    | 'step'
    | 'outcome'
    | 'error'
    | 'question'
    | 'hostId'
    | 'branch'
    | 'worktreePath'
    | 'worktreeKept'
    | 'baseCommit'
    | 'finalCommit'
    | 'finishedAt'
    | 'cleanupError'
  >
>;

export interface TaskFilter {
  projectId?: string;
  status?: TaskStatus;
  priority?: Priority;
  agent?: AgentId;
}

type TaskRow = Record<string, string | number | null>;

function toTask(row: TaskRow): TaskRecord {
  return {
    id: row.id as string,
    workflowId: row.workflow_id as string,
    projectId: row.project_id as string,
    projectName: row.project_name as string,
    title: row.title as string,
    description: row.description as string,
    acceptanceCriteria: fromJson<string[]>(row.acceptance_criteria as string, []),
    priority: row.priority as Priority,
    effectivePriority: (row.effective_priority ?? row.priority) as Priority,
    requires: fromJson<string[]>(row.requires as string, []),
    agent: row.agent as AgentId,
    agentOptions: fromJson<AgentOptions>(row.agent_options as string, {}),
    maxIterations: row.max_iterations as number,
    budgetUsd: row.budget_usd as number | null,
    timeoutMinutes: row.timeout_minutes as number,
    status: row.status as TaskStatus,
    step: row.step as string,
    outcome: row.outcome as AgentOutcome | null,
    error: row.error as string | null,
    question: row.question as string | null,
    hostId: row.host_id as string | null,
    branch: row.branch as string | null,
    worktreePath: row.worktree_path as string | null,
    worktreeKept: row.worktree_kept === 1,
    baseCommit: row.base_commit as string | null,
    finalCommit: row.final_commit as string | null,
    iterations: row.iterations as number,
    tokensIn: row.tokens_in as number,
    tokensOut: row.tokens_out as number,
    costUsd: row.cost_usd as number,
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
    finishedAt: row.finished_at as string | null,
    createdBy: row.created_by as string | null,
    cleanupError: row.cleanup_error as string | null,
    runs: (row.runs as number | null) ?? 1,
    pinned: row.pinned === 1,
    parentId: (row.parent_id as string | null | undefined) ?? null,
  };
}

const PROGRESS_COLUMNS: Record<keyof TaskProgress, string> = {
  priority: 'priority',
  effectivePriority: 'effective_priority',
  status: 'status',
  step: 'step',
  outcome: 'outcome',
  error: 'error',
  question: 'question',
  hostId: 'host_id',
  branch: 'branch',
  worktreePath: 'worktree_path',
  worktreeKept: 'worktree_kept',
  baseCommit: 'base_commit',
  finalCommit: 'final_commit',
  finishedAt: 'finished_at',
  cleanupError: 'cleanup_error',
};

const SELECT = 'SELECT tasks.*, projects.name AS project_name FROM tasks JOIN projects ON projects.id = tasks.project_id';

/** Opaque cursor of `list`: the sort key of the last task of a page. */
export function encodeCursor(task: Pick<TaskRecord, 'createdAt' | 'id'>): string {
  return Buffer.from(`${task.createdAt}|${task.id}`).toString('base64url');
}

/** Returns the sort key in a cursor, or undefined when the cursor is not one of ours. */
export function decodeCursor(cursor: string): { createdAt: string; id: string } | undefined {
  const [createdAt, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || extra !== undefined || Number.isNaN(Date.parse(createdAt))) return undefined;
  return { createdAt, id };
}

/** Reads and writes tasks. Every write is idempotent, so a retried activity changes nothing. */
export function createTaskRepository(db: Db) {
  const insertSql = `INSERT INTO tasks (id, workflow_id, project_id, title, description, acceptance_criteria, requires, priority, agent, agent_options,
      max_iterations, budget_usd, timeout_minutes, status, step, created_by, parent_id, created_at, updated_at)
    VALUES (@id, @workflowId, @projectId, @title, @description, @acceptanceCriteria, @requires, @priority, @agent, @agentOptions, @maxIterations,
      @budgetUsd, @timeoutMinutes, @status, 'waiting for a worker', @createdBy, @parentId, @now, @now)`;
  const params = (task: NewTask) => ({
    ...task,
    createdBy: task.createdBy ?? null,
    parentId: task.parentId ?? null,
    agentOptions: JSON.stringify(task.agentOptions),
    acceptanceCriteria: JSON.stringify(task.acceptanceCriteria),
    requires: JSON.stringify(task.requires ?? []),
    now: nowIso(),
  });
  const get = (id: string): TaskRecord | undefined => {
    const row = db.prepare<[string], TaskRow>(`${SELECT} WHERE tasks.id = ?`).get(id);
    return row && toTask(row);
  };
  const enterQueue = db.prepare('INSERT INTO merge_queue_passes (task_id, project_id, entered_at) VALUES (?, ?, ?)');
  const leaveQueue = db.prepare('UPDATE merge_queue_passes SET left_at = ? WHERE task_id = ? AND left_at IS NULL');
  /** A task is in its project's merge queue while it is `integrating`: from its commit to the queue's verdict. */
  const recordQueuePass = (before: TaskRecord, status: TaskStatus | undefined, now: string) => {
    if (status === undefined || status === before.status) return;
    if (status === TaskStatus.integrating) enterQueue.run(before.id, before.projectId, now);
    else if (before.status === TaskStatus.integrating) leaveQueue.run(now, before.id);
  };
  return {
    /** Inserts a new task; throws on a duplicate id. */
    insert(task: NewTask): TaskRecord {
      db.prepare(insertSql).run(params(task));
      return get(task.id)!;
    },
    /** Inserts the task unless it already exists (a workflow recording itself); returns the stored task. */
    ensure(task: NewTask): TaskRecord {
      db.prepare(`${insertSql} ON CONFLICT (id) DO NOTHING`).run(params(task));
      return get(task.id)!;
    },
    get,
    /**
     * Applies progress fields (and, entering or leaving `integrating`, opens or closes the task's pass
     * through the merge queue). A status change out of a final status is ignored (a replayed or
     * late update never reopens a finished task). Returns the task, or undefined if unknown.
     */
    update(id: string, progress: TaskProgress): TaskRecord | undefined {
      return db.transaction(() => {
        const current = get(id);
        if (!current) return undefined;
        const changes: TaskProgress = { ...progress };
        if (changes.status !== undefined && !canTransition(current.status, changes.status)) return current;
        const fields = (Object.keys(changes) as (keyof TaskProgress)[]).filter((key) => changes[key] !== undefined);
        if (fields.length === 0) return current;
        const values = fields.map((key) => {
          const value = changes[key];
          return typeof value === 'boolean' ? Number(value) : (value as string | number | null);
        });
        const sets = fields.map((key) => `${PROGRESS_COLUMNS[key]} = ?`).join(', ');
        const now = nowIso();
        db.prepare(`UPDATE tasks SET ${sets}, updated_at = ? WHERE id = ?`).run(...values, now, id);
        recordQueuePass(current, changes.status, now);
        return get(id);
      })();
    },
    /** Recomputes iteration count, tokens and cost from the task's iterations. */
    refreshTotals(id: string): void {
      db.prepare(
        `UPDATE tasks SET
           iterations = (SELECT COUNT(*) FROM task_iterations WHERE task_id = @id),
           tokens_in  = (SELECT COALESCE(SUM(tokens_in), 0) FROM task_iterations WHERE task_id = @id),
           tokens_out = (SELECT COALESCE(SUM(tokens_out), 0) FROM task_iterations WHERE task_id = @id),
           cost_usd   = (SELECT COALESCE(SUM(cost_usd), 0) FROM task_iterations WHERE task_id = @id),
           updated_at = @now
         WHERE id = @id`,
      ).run({ id, now: nowIso() });
    },
    /** Newest first, `limit` per page; pass the returned cursor to get the next page. */
    list(filter: TaskFilter, page: { limit: number; after?: { createdAt: string; id: string } }): { items: TaskRecord[]; nextCursor: string | null } {
      const where: string[] = [];
      const values: (string | number)[] = [];
      const add = (sql: string, value: string | undefined) => {
        if (value === undefined) return;
        where.push(sql);
        values.push(value);
      };
      add('tasks.project_id = ?', filter.projectId);
      add('tasks.status = ?', filter.status);
      add('tasks.priority = ?', filter.priority);
      add('tasks.agent = ?', filter.agent);
      if (page.after) {
        where.push('(tasks.created_at < ? OR (tasks.created_at = ? AND tasks.id < ?))');
        values.push(page.after.createdAt, page.after.createdAt, page.after.id);
      }
      if (filter.status === TaskStatus.queued && !page.after) {
        // Queued tasks are listed as they will run: most urgent (effective) priority first, then oldest.
        const sql = `${SELECT} WHERE ${where.join(' AND ')} ORDER BY COALESCE(tasks.effective_priority, tasks.priority), tasks.created_at, tasks.id LIMIT ?`;
        return {
          items: db
            .prepare<(string | number)[], TaskRow>(sql)
            .all(...values, page.limit)
            .map(toTask),
          nextCursor: null,
        };
      }
      const sql = `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY tasks.created_at DESC, tasks.id DESC LIMIT ?`;
      const rows = db.prepare<(string | number)[], TaskRow>(sql).all(...values, page.limit + 1);
      const items = rows.slice(0, page.limit).map(toTask);
      const nextCursor = rows.length > page.limit ? encodeCursor(items[items.length - 1]!) : null;
      return { items, nextCursor };
    },
    /** The subtasks of a decomposed task, in the order they were recorded. */
    childrenOf(parentId: string): TaskRecord[] {
      return db.prepare<[string], TaskRow>(`${SELECT} WHERE tasks.parent_id = ? ORDER BY tasks.rowid`).all(parentId).map(toTask);
    },
    /** The workflow ids of a project's tasks in `status`, e.g. those waiting for its budget. */
    workflowIdsIn(projectId: string, status: TaskStatus): string[] {
      return db
        .prepare<[string, string], { workflow_id: string }>('SELECT workflow_id FROM tasks WHERE project_id = ? AND status = ?')
        .all(projectId, status)
        .map((row) => row.workflow_id);
    },
    /** Number of tasks of a project that have not finished. */
    countActive(projectId: string): number {
      const placeholders = FINAL_STATUSES.map(() => '?').join(', ');
      const row = db.prepare<string[], { n: number }>(`SELECT COUNT(*) AS n FROM tasks WHERE project_id = ? AND status NOT IN (${placeholders})`).get(projectId, ...FINAL_STATUSES);
      return row?.n ?? 0;
    },
    /**
     * Puts a finished task back in the queue for its run `run` (a retry): the one way out of a
     * final status. Idempotent: a run already recorded changes nothing. Returns the task.
     */
    reopen(id: string, run: number): TaskRecord | undefined {
      db.prepare(
        `UPDATE tasks SET status = 'queued', step = 'queued for run ' || @run, outcome = NULL, error = NULL, question = NULL, finished_at = NULL,
           final_commit = NULL, cleanup_error = NULL, runs = @run, updated_at = @now
         WHERE id = @id AND runs < @run`,
      ).run({ id, run, now: nowIso() });
      return get(id);
    },
    /** Marks a task's kept worktree as one maintenance must not remove (or no longer). */
    pin(id: string, pinned: boolean): TaskRecord | undefined {
      db.prepare('UPDATE tasks SET pinned = ?, updated_at = ? WHERE id = ?').run(Number(pinned), nowIso(), id);
      return get(id);
    },
    /** The tasks among `ids` recorded on a host other than `hostId`: they moved away from it. */
    movedAwayFrom(hostId: string, ids: readonly string[]): string[] {
      return ids.filter((id) => {
        const host = get(id)?.hostId;
        return typeof host === 'string' && host !== hostId;
      });
    },
    /** Finished tasks that kept their worktree (unmerged work), oldest first. */
    keptWorktrees(): TaskRecord[] {
      return db.prepare<[], TaskRow>(`${SELECT} WHERE tasks.worktree_kept = 1 AND tasks.finished_at IS NOT NULL ORDER BY tasks.finished_at, tasks.id`).all().map(toTask);
    },
    /** Finished tasks whose cleanup failed, oldest first: what maintenance cleans up again. */
    cleanupPending(): TaskRecord[] {
      return db.prepare<[], TaskRow>(`${SELECT} WHERE tasks.cleanup_error IS NOT NULL ORDER BY tasks.created_at, tasks.id`).all().map(toTask);
    },
    /** Ids of the unfinished tasks whose worktree is on `hostId`, oldest first. */
    unfinishedOnHost(hostId: string): string[] {
      const placeholders = FINAL_STATUSES.map(() => '?').join(', ');
      return db
        .prepare<string[], { id: string }>(`SELECT id FROM tasks WHERE host_id = ? AND status NOT IN (${placeholders}) ORDER BY created_at, id`)
        .all(hostId, ...FINAL_STATUSES)
        .map((row) => row.id);
    },
  };
}

export type TaskRepository = ReturnType<typeof createTaskRepository>;
