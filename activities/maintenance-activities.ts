import { createBackup } from '../backup/create-backup.js';
import type { MaintenanceSettings } from '../config/settings.js';
import { selectCleanups } from '../maintenance/select-cleanups.js';
import type { HostLimits, HostMaintenanceReport, TaskCleanup } from '../model/maintenance.js';
import type { SecretVault } from '../secrets/secret-vault.js';
import type { Store } from '../store/create-store.js';

/** Idempotency keys older than this are forgotten. */
const IDEMPOTENCY_KEY_MS = 24 * 60 * 60_000;

export interface MaintenanceDeps {
  store: Store;
  vault: Pick<SecretVault, 'forgetTask'>;
  /** The control plane's data dir: its databases are what is backed up. */
  home: string;
  settings: MaintenanceSettings;
  /** The hosts whose workers run now. */
  findHosts: () => Promise<string[]>;
}

/** What maintenance does this run: the worktrees to clean up, the hosts to visit, their limits. */
export interface MaintenancePlan {
  cleanups: TaskCleanup[];
  hosts: string[];
  limits: HostLimits;
}

/** Builds the control-plane side of maintenance (the `ringmaster` task queue): plan, backup, record. */
export function createMaintenanceActivities(deps: MaintenanceDeps) {
  const { store } = deps;
  return {
    /** Chooses the worktrees to clean up (failed cleanups, kept ones past retention) and the hosts to visit. */
    async planMaintenance(): Promise<MaintenancePlan> {
      const projects = new Map(store.projects.list().map((project) => [project.id, project]));
      const cleanups = selectCleanups({
        failed: store.tasks.cleanupPending(),
        kept: store.tasks.keptWorktrees(),
        projects,
        now: Date.now(),
        keepDays: deps.settings.keepWorktreesDays,
      });
      const live = await deps.findHosts().catch(() => []);
      const hosts = [...new Set([...live, ...cleanups.map((cleanup) => cleanup.hostId)])].sort();
      const { logMaxBytes, cacheMaxBytes } = deps.settings;
      return { cleanups, hosts, limits: { logMaxBytes, logKeep: 3, taskLogMaxBytes: logMaxBytes, cacheMaxBytes } };
    },

    /** A backup of the control plane's databases into its backups/ folder, with retention. */
    async backupDataDir(): Promise<{ file: string; removed: string[] }> {
      const { file, removed } = await createBackup(deps.home);
      return { file, removed };
    },

    /** Records what the hosts did: cleaned-up tasks lose their pending error and kept worktree (and their own secrets). */
    async recordMaintenance({ reports }: { reports: HostMaintenanceReport[] }): Promise<{ expiredIdempotencyKeys: number }> {
      for (const report of reports) {
        for (const { taskId } of report.removedWorktrees) {
          store.tasks.update(taskId, { cleanupError: null, worktreeKept: false });
          deps.vault.forgetTask(taskId);
        }
        for (const { taskId, error } of report.failedCleanups) store.tasks.update(taskId, { cleanupError: error });
      }
      return { expiredIdempotencyKeys: store.idempotency.expire(new Date(Date.now() - IDEMPOTENCY_KEY_MS).toISOString()) };
    },
  };
}

export type MaintenanceActivities = ReturnType<typeof createMaintenanceActivities>;
