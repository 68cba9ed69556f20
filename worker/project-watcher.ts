import type { Client } from '@temporalio/client';
import type { Logger } from '../config/logger.js';
import { RINGMASTER_IDENTITY } from '../git/commit-identity.js';
import { runGit } from '../git/run-git.js';
import { watchDefaultBranch, type BranchWatch } from '../git/watch-default-branch.js';
import { ReloadTrigger } from '../model/reload.js';
import type { Store } from '../store/create-store.js';
import type { Project } from '../store/project-repository.js';
import { submitToQueue } from '../temporal/submit-to-queue.js';

export interface ProjectWatcherDeps {
  store: Store;
  client: Client;
  taskQueue: string;
  logger: Logger;
  /** How often the list of watched projects is read again. */
  refreshMs?: number;
}

// Commits Ringmaster makes itself (merges, commits of task work, rollbacks) are released by the
// merge queue already; only commits made by people start a reload.
async function madeByRingmaster(repoPath: string, commit: string): Promise<boolean> {
  const { stdout } = await runGit(repoPath, ['log', '-1', '--format=%ce', commit]);
  return stdout.trim() === RINGMASTER_IDENTITY.email;
}

/**
 * Watches the default branch of every project with `watch: true` and puts a reload of each new
 * tip a person committed or pushed into the project's queue (commits Ringmaster made itself, and
 * the release already serving, are skipped). The list of watched projects is refreshed
 * periodically. Never throws; problems are logged.
 */
export function startProjectWatcher(deps: ProjectWatcherDeps): { close(): Promise<void> } {
  const watches = new Map<string, { key: string; watch: Promise<BranchWatch | undefined> }>();
  const keyOf = (p: Project) => `${p.repoPath}\u0000${p.defaultBranch}`;

  const enqueue = async (project: Project, tip: string, previousTip: string) => {
    if (deps.store.reloads.releases(project.id).current === tip) return;
    if (await madeByRingmaster(project.repoPath, tip)) return;
    const { position } = await submitToQueue(deps.client, deps.taskQueue, project.id, { kind: 'reload', toCommit: tip, trigger: ReloadTrigger.watch, ...(previousTip ? { previousTip } : {}) });
    deps.logger.info({ project: project.name, tip, position }, 'a commit landed on the default branch: release queued');
  };

  const watch = (project: Project) =>
    watchDefaultBranch({
      repoPath: project.repoPath,
      branch: project.defaultBranch,
      onChange: ({ tip, previousTip }) => enqueue(project, tip, previousTip),
      onError: (err) => deps.logger.warn({ project: project.name, err }, 'watching the default branch'),
    })
      .then((watching) => {
        deps.logger.info({ project: project.name, branch: project.defaultBranch, tip: watching.startTip }, 'watching the default branch');
        return watching;
      })
      .catch((err: Error) => {
        deps.logger.warn({ project: project.name, err }, 'cannot watch the default branch');
        return undefined;
      });

  const refresh = () => {
    let projects: Project[];
    try {
      projects = deps.store.projects.list().filter((p) => p.watch);
    } catch (err) {
      deps.logger.warn({ err }, 'cannot read the watched projects');
      return;
    }
    const wanted = new Map(projects.map((p) => [p.id, p]));
    for (const [id, entry] of watches) {
      const project = wanted.get(id);
      if (project && keyOf(project) === entry.key) continue;
      watches.delete(id);
      void entry.watch.then((w) => w?.close());
    }
    for (const project of projects) {
      if (!watches.has(project.id)) watches.set(project.id, { key: keyOf(project), watch: watch(project) });
    }
  };

  refresh();
  const timer = setInterval(refresh, deps.refreshMs ?? 5000);
  timer.unref();
  return {
    async close() {
      clearInterval(timer);
      await Promise.all([...watches.values()].map(async (entry) => (await entry.watch)?.close()));
      watches.clear();
    },
  };
}
