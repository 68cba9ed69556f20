import type { AgentId } from '../model/agents.js';
import { HEALTH_CHECK_SECONDS } from '../model/reload.js';
import { DEFAULT_PROMPT_SETTINGS, type PromptSettings } from '../model/prompt-settings.js';
import type { NotifyHook } from '../model/notifications.js';
import { DEFAULT_RATE_LIMIT_POLICY, type OnRateLimit } from '../model/rate-limit.js';
import type { SecretRefs } from '../model/secrets.js';
import type { ProjectSettings } from '../model/task-plan.js';
import type { Db } from './open-database.js';
import { fromJson, guardUnique, nowIso, toJson } from './row-mapping.js';

/** A git repository that tasks are filed against, and how its merges are released. */
export interface Project extends ProjectSettings {
  /** Run in a new release directory, e.g. `npm ci && npm run build` as argv. */
  buildCommand: string[] | null;
  /** Run in the activated release directory to make it serve. */
  reloadCommand: string[] | null;
  /** Must answer 2xx after a reload, else it is rolled back. */
  healthUrl: string | null;
  /** How long a new release has to answer `healthUrl` with 2xx (default 10). */
  healthCheckSeconds: number;
  /** Reload when a commit lands on the default branch from outside Ringmaster. */
  watch: boolean;
  /** Ringmaster's own repository: reloading means restarting Ringmaster's processes. */
  self: boolean;
  /** Environment variables its agents get from stored secrets: `{ ENV_VAR: SECRET_NAME }`. */
  secrets: SecretRefs;
  /** The git remote it lives in; null for a checkout on the control plane's machine. */
  remote: string | null;
  /** The named secret its https remote is reached with; null: the host's own git credentials. */
  remoteSecret: string | null;
  /** Host labels its releases run on (every live host with one of them); empty: the control plane's host. */
  deployHosts: string[];
  /** Its webhooks (the install's own come from RINGMASTER_NOTIFY). */
  notify: NotifyHook[];
  /** What its agents may spend per calendar month (UTC), in USD; null: no limit. */
  budgetUsdPerMonth: number | null;
  /** What its tasks do when their agent hits a rate or usage limit (default wait). */
  onRateLimit: OnRateLimit;
  /** The longest single wait for a rate limit to reset, in minutes; a later reset fails the task. */
  rateLimitMaxWaitMinutes: number;
  /** Its tasks' agent runs silent for this long are stopped as stalled, in minutes; null: no limit. */
  stallMinutes: number | null;
  /** Its tasks wait for a person's review when they stop short, instead of failing. */
  reviewOnStop: boolean;
  createdAt: string;
  updatedAt: string;
}

export type NewProject = Omit<
  Project,
  | 'createdAt'
  | 'updatedAt'
  | 'healthCheckSeconds'
  | 'secrets'
  | 'remote'
  | 'remoteSecret'
  | 'deployHosts'
  | 'notify'
  | 'budgetUsdPerMonth'
  | 'onRateLimit'
  | 'rateLimitMaxWaitMinutes'
  | 'stallMinutes'
  | 'reviewOnStop'
> & {
  healthCheckSeconds?: number;
  secrets?: SecretRefs;
  remote?: string | null;
  remoteSecret?: string | null;
  deployHosts?: string[];
  notify?: NotifyHook[];
  budgetUsdPerMonth?: number | null;
  onRateLimit?: OnRateLimit;
  rateLimitMaxWaitMinutes?: number;
  stallMinutes?: number | null;
  reviewOnStop?: boolean;
};
export type ProjectChanges = Partial<Omit<Project, 'id' | 'createdAt' | 'updatedAt'>>;

interface ProjectRow {
  id: string;
  name: string;
  repo_path: string;
  default_branch: string;
  test_command: string | null;
  setup_command: string | null;
  copy_files: string;
  agent: string;
  max_iterations: number;
  max_concurrent_tasks: number | null;
  budget_usd: number | null;
  build_command: string | null;
  reload_command: string | null;
  health_url: string | null;
  health_check_seconds: number;
  watch: number;
  self: number;
  link_files: string;
  lint_command: string | null;
  prompt_settings: string;
  secrets: string;
  remote: string | null;
  remote_secret: string | null;
  deploy_hosts: string;
  notify: string;
  budget_usd_per_month: number | null;
  on_rate_limit: string;
  rate_limit_max_wait_minutes: number;
  stall_minutes: number | null;
  review_on_stop: number;
  created_at: string;
  updated_at: string;
}

function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    name: row.name,
    repoPath: row.repo_path,
    defaultBranch: row.default_branch,
    testCommand: fromJson<string[] | null>(row.test_command, null),
    setupCommand: fromJson<string[] | null>(row.setup_command, null),
    copyFiles: fromJson<string[]>(row.copy_files, []),
    agent: row.agent as AgentId,
    maxIterations: row.max_iterations,
    maxConcurrentTasks: row.max_concurrent_tasks,
    budgetUsd: row.budget_usd,
    linkFiles: fromJson<string[]>(row.link_files, []),
    lintCommand: fromJson<string[] | null>(row.lint_command, null),
    prompt: { ...DEFAULT_PROMPT_SETTINGS, ...fromJson<Partial<PromptSettings>>(row.prompt_settings, {}) },
    buildCommand: fromJson<string[] | null>(row.build_command, null),
    reloadCommand: fromJson<string[] | null>(row.reload_command, null),
    healthUrl: row.health_url,
    healthCheckSeconds: row.health_check_seconds,
    watch: row.watch === 1,
    self: row.self === 1,
    secrets: fromJson<SecretRefs>(row.secrets, {}),
    remote: row.remote,
    remoteSecret: row.remote_secret,
    deployHosts: fromJson<string[]>(row.deploy_hosts, []),
    notify: fromJson<NotifyHook[]>(row.notify, []),
    budgetUsdPerMonth: row.budget_usd_per_month,
    onRateLimit: row.on_rate_limit as OnRateLimit,
    rateLimitMaxWaitMinutes: row.rate_limit_max_wait_minutes,
    stallMinutes: row.stall_minutes,
    reviewOnStop: row.review_on_stop === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const COLUMNS: Record<keyof ProjectChanges, string> = {
  name: 'name',
  repoPath: 'repo_path',
  defaultBranch: 'default_branch',
  testCommand: 'test_command',
  setupCommand: 'setup_command',
  copyFiles: 'copy_files',
  agent: 'agent',
  maxIterations: 'max_iterations',
  maxConcurrentTasks: 'max_concurrent_tasks',
  budgetUsd: 'budget_usd',
  linkFiles: 'link_files',
  buildCommand: 'build_command',
  reloadCommand: 'reload_command',
  healthUrl: 'health_url',
  healthCheckSeconds: 'health_check_seconds',
  watch: 'watch',
  self: 'self',
  lintCommand: 'lint_command',
  prompt: 'prompt_settings',
  secrets: 'secrets',
  remote: 'remote',
  remoteSecret: 'remote_secret',
  deployHosts: 'deploy_hosts',
  notify: 'notify',
  budgetUsdPerMonth: 'budget_usd_per_month',
  onRateLimit: 'on_rate_limit',
  rateLimitMaxWaitMinutes: 'rate_limit_max_wait_minutes',
  stallMinutes: 'stall_minutes',
  reviewOnStop: 'review_on_stop',
};
const JSON_FIELDS = new Set<keyof ProjectChanges>([
  'testCommand',
  'setupCommand',
  'copyFiles',
  'linkFiles',
  'buildCommand',
  'reloadCommand',
  'lintCommand',
  'prompt',
  'secrets',
  'deployHosts',
  'notify',
]);

const duplicateName = (name: string) => `a project named "${name}" already exists`;

/** Reads and writes projects. Throws UniqueViolationError (column `name`) on a duplicate name. */
export function createProjectRepository(db: Db) {
  const byId = db.prepare<[string], ProjectRow>('SELECT * FROM projects WHERE id = ?');
  const byIdOrName = db.prepare<[string, string, string], ProjectRow>('SELECT * FROM projects WHERE id = ? OR name = ? ORDER BY id = ? DESC LIMIT 1');
  return {
    create(project: NewProject): Project {
      const now = nowIso();
      guardUnique('projects', 'name', duplicateName(project.name), () =>
        db
          .prepare(
            `INSERT INTO projects (id, name, repo_path, default_branch, test_command, setup_command, copy_files, agent,
               max_iterations, budget_usd, link_files, build_command, reload_command, health_url, health_check_seconds, watch, self, lint_command, prompt_settings, max_concurrent_tasks, secrets, remote, remote_secret, deploy_hosts, notify, budget_usd_per_month, on_rate_limit, rate_limit_max_wait_minutes, stall_minutes, review_on_stop, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            project.id,
            project.name,
            project.repoPath,
            project.defaultBranch,
            toJson(project.testCommand),
            toJson(project.setupCommand),
            JSON.stringify(project.copyFiles),
            project.agent,
            project.maxIterations,
            project.budgetUsd,
            JSON.stringify(project.linkFiles),
            toJson(project.buildCommand),
            toJson(project.reloadCommand),
            project.healthUrl,
            project.healthCheckSeconds ?? HEALTH_CHECK_SECONDS.default,
            Number(project.watch),
            Number(project.self),
            toJson(project.lintCommand),
            JSON.stringify(project.prompt),
            project.maxConcurrentTasks,
            JSON.stringify(project.secrets ?? {}),
            project.remote ?? null,
            project.remoteSecret ?? null,
            JSON.stringify(project.deployHosts ?? []),
            JSON.stringify(project.notify ?? []),
            project.budgetUsdPerMonth ?? null,
            project.onRateLimit ?? DEFAULT_RATE_LIMIT_POLICY.onRateLimit,
            project.rateLimitMaxWaitMinutes ?? DEFAULT_RATE_LIMIT_POLICY.maxWaitMinutes,
            project.stallMinutes ?? null,
            Number(project.reviewOnStop ?? false),
            now,
            now,
          ),
      );
      return this.get(project.id)!;
    },
    /** Returns the project with this id, or undefined. */
    get(id: string): Project | undefined {
      const row = byId.get(id);
      return row && toProject(row);
    },
    /** Returns the project whose id or name is `ref` (an id wins over a name), or undefined. */
    find(ref: string): Project | undefined {
      const row = byIdOrName.get(ref, ref, ref);
      return row && toProject(row);
    },
    list(): Project[] {
      return db.prepare<[], ProjectRow>('SELECT * FROM projects ORDER BY name').all().map(toProject);
    },
    /** Applies `changes` and returns the updated project, or undefined when it does not exist. */
    update(id: string, changes: ProjectChanges): Project | undefined {
      const fields = (Object.keys(changes) as (keyof ProjectChanges)[]).filter((key) => changes[key] !== undefined);
      if (fields.length > 0) {
        const values = fields.map((key) => {
          const value = changes[key];
          if (JSON_FIELDS.has(key)) return toJson(value);
          return typeof value === 'boolean' ? Number(value) : (value as string | number | null);
        });
        const sets = fields.map((key) => `${COLUMNS[key]} = ?`).join(', ');
        guardUnique('projects', 'name', duplicateName(String(changes.name)), () => db.prepare(`UPDATE projects SET ${sets}, updated_at = ? WHERE id = ?`).run(...values, nowIso(), id));
      }
      return this.get(id);
    },
    /** Deletes the project and its task records; returns false when it did not exist. */
    delete(id: string): boolean {
      return db.prepare('DELETE FROM projects WHERE id = ?').run(id).changes > 0;
    },
  };
}

export type ProjectRepository = ReturnType<typeof createProjectRepository>;
