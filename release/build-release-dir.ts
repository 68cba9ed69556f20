import fs from 'node:fs';
import path from 'node:path';
import { runProjectCommand, type ProjectCommand, type ProjectCommandResult } from '../process/run-project-command.js';
import { linkSharedPaths } from './link-shared-paths.js';

// Written once the build command succeeded, so that a retry reuses the build.
const BUILT_MARKER = '.ringmaster-built';

/** An exported release directory to make runnable. */
export interface ReleaseBuild {
  /** The release directory, its commit's files already exported into it. */
  dir: string;
  commit: string;
  projectName: string;
  /** Where the shared paths (e.g. node_modules) are linked from; none when undefined. */
  linkFrom: string | undefined;
  linkFiles: readonly string[];
  buildCommand: readonly string[] | null;
  logFile: string;
  /** Runs the build command: in an activity, with its heartbeats and cancellation. */
  run?: (command: ProjectCommand) => Promise<ProjectCommandResult>;
}

/** The variables every command run in a release directory gets. */
export function releaseEnv(projectName: string, dir: string, commit: string): Record<string, string> {
  return { RINGMASTER_RELEASE_DIR: dir, RINGMASTER_RELEASE_COMMIT: commit, RINGMASTER_PROJECT: projectName };
}

/**
 * Links the shared paths into a release directory, then runs the project's build command there
 * unless an earlier run of it succeeded. Returns the command's result (ok when there is none).
 */
export async function buildReleaseDir(build: ReleaseBuild): Promise<ProjectCommandResult> {
  if (build.linkFrom) linkSharedPaths(build.linkFrom, build.dir, build.linkFiles);
  const built = path.join(build.dir, BUILT_MARKER);
  if (build.buildCommand && !fs.existsSync(built)) {
    const run = build.run ?? runProjectCommand;
    const result = await run({ what: 'build command', argv: build.buildCommand, cwd: build.dir, env: releaseEnv(build.projectName, build.dir, build.commit), logFile: build.logFile });
    if (!result.ok) return result;
  }
  fs.writeFileSync(built, new Date().toISOString());
  return { ok: true, cancelled: false, durationMs: 0 };
}
