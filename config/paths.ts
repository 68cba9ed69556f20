import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePrivateDir } from './private-files.js';

/**
 * Returns the directory holding Ringmaster's package.json. Works from the TypeScript sources
 * (tests) and from the compiled `dist/` tree alike, because it walks up from this file.
 */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const { name } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === 'ringmaster') return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`ringmaster's package.json not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** The files and folders of one data dir (RINGMASTER_HOME). */
export interface DataPaths {
  home: string;
  database: string;
  temporalDatabase: string;
  worktrees: string;
  logs: string;
  releases: string;
  backups: string;
  /** Process bookkeeping of the supervisor (pids of its children). */
  run: string;
  /** The prompt pipeline's retrieval index, per project and file content (safe to delete). */
  indexCache: string;
  /** Bare mirrors of the projects with a remote, `<projectId>.git`. */
  mirrors: string;
  /** The install's admin token. */
  apiToken: string;
  /** The key secrets are encrypted with (never in the database or its backups). */
  secretKey: string;
  /** This host's id, created on the first start. */
  hostId: string;
}

export function dataPaths(home: string): DataPaths {
  return {
    home,
    database: path.join(home, 'ringmaster.db'),
    temporalDatabase: path.join(home, 'temporal.db'),
    worktrees: path.join(home, 'worktrees'),
    logs: path.join(home, 'logs'),
    releases: path.join(home, 'releases'),
    backups: path.join(home, 'backups'),
    run: path.join(home, 'run'),
    indexCache: path.join(home, 'cache', 'index'),
    mirrors: path.join(home, 'mirrors'),
    apiToken: path.join(home, 'api-token'),
    secretKey: path.join(home, 'secret-key'),
    hostId: path.join(home, 'host-id'),
  };
}

/** Where one project's checkouts, releases and their logs live in a data dir (task files: taskFiles). */
export function projectPaths(home: string, projectName: string) {
  const worktrees = path.join(home, 'worktrees', projectName);
  const releases = path.join(home, 'releases', projectName);
  const releaseLogs = path.join(home, 'logs', 'releases', projectName);
  return {
    /** The worktree of one task. */
    worktree: (taskId: string) => path.join(worktrees, taskId),
    /** The merge queue's checkout of one candidate. */
    integrationCheckout: (taskId: string) => path.join(worktrees, `.integration-${taskId}`),
    /** The checkout a rollback reverts a failed release in. */
    rollbackCheckout: (commit: string) => path.join(worktrees, `.rollback-${commit.slice(0, 12)}`),
    /** The merge queue's setup and test logs. */
    integrationLogs: path.join(home, 'logs', 'integration', projectName),
    /** The release directories, one per commit. */
    releases,
    /** The directory of one release (the commit's files plus its build). */
    release: (commit: string) => path.join(releases, commit),
    /** Symlink to the release that serves. */
    current: path.join(releases, 'current'),
    /** The output of one step (build, replay, reload) of the release of `commit`. */
    releaseLog: (commit: string, step: string) => path.join(releaseLogs, `${commit.slice(0, 12)}-${step}.log`),
  };
}

/** Creates the data dir and its folders if missing, readable by this user only (0700); returns their paths. */
export function ensureDataDirs(home: string): DataPaths {
  const paths = dataPaths(home);
  for (const dir of [paths.home, paths.worktrees, paths.logs, paths.releases, paths.backups, paths.run]) ensurePrivateDir(dir);
  return paths;
}

/** Where the project keeps tools it installs itself (the Temporal CLI). */
export function toolsDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.RINGMASTER_TOOLS_DIR ? path.resolve(env.RINGMASTER_TOOLS_DIR) : path.join(packageRoot(), '.tools');
}
