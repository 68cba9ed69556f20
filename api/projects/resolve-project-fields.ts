import { InvalidRepositoryError } from '../../git/git-errors.js';
import { inspectRepository } from '../../git/inspect-repository.js';
import { branchExists } from '../../git/read-refs.js';
import { CommandLineError, toArgv } from '../../model/command-line.js';
import { DEFAULT_PROMPT_SETTINGS, type PromptSettings } from '../../model/prompt-settings.js';
import { checkRepoPath } from '../../model/repo-paths.js';
import type { Project } from '../../store/project-repository.js';
import { fieldError } from '../field-error.js';
import type { CreateProjectBody, UpdateProjectBody } from '../schemas/project-schemas.js';

type Resolved = Partial<Omit<Project, 'id' | 'createdAt' | 'updatedAt'>>;

/** The control plane's fresh mirror of a project's remote, and the branches the remote has. */
export interface RemoteMirror {
  remote: string;
  path: string;
  heads: Record<string, string>;
}

function remoteDefaultBranch(asked: string | undefined, mirror: RemoteMirror): string {
  const branches = Object.keys(mirror.heads).filter((name) => !name.startsWith('ringmaster/'));
  const branch = asked ?? ['main', 'master', 'trunk'].find((name) => branches.includes(name)) ?? (branches.length === 1 ? branches[0] : undefined);
  if (!branch) throw fieldError('body.defaultBranch', `is required: the remote has ${branches.length ? `the branches ${branches.join(', ')}` : 'no branch (push a first commit)'}`);
  if (!branches.includes(branch)) throw fieldError('body.defaultBranch', `names no branch of the remote: '${branch}' (it has ${branches.join(', ') || 'none'})`);
  return branch;
}

function command(field: string, value: string | string[] | null | undefined): string[] | null | undefined {
  if (value === undefined || value === null) return value;
  try {
    return toArgv(value);
  } catch (err) {
    if (err instanceof CommandLineError) throw fieldError(`body.${field}`, err.message);
    throw err;
  }
}

function pathsInside(field: string, files: string[] | undefined): string[] | undefined {
  return files?.map((file, i) => {
    const checked = checkRepoPath(file);
    if (!checked.ok) throw fieldError(`body.${field}.${i}`, checked.problem);
    return checked.path;
  });
}

/** A PATCH of the prompt settings changes only what it names. */
function mergePromptSettings(current: PromptSettings, change: { budgetTokens?: number; layers?: PromptSettings['layers'] }): PromptSettings {
  return { budgetTokens: change.budgetTokens ?? current.budgetTokens, layers: { ...current.layers, ...change.layers } };
}

/**
 * Checks a project body against the real repository and turns it into stored fields: the
 * repository exists and has a commit, the default branch exists (defaulting to the checked-out
 * branch), commands become argv arrays, copied files stay inside the repository. Throws an
 * HttpError 400 naming the field at fault.
 */
export async function resolveProjectFields(body: CreateProjectBody | UpdateProjectBody, current?: Project, mirror?: RemoteMirror): Promise<Resolved> {
  const resolved: Resolved = {
    name: body.name,
    testCommand: command('testCommand', body.testCommand),
    setupCommand: command('setupCommand', body.setupCommand),
    copyFiles: pathsInside('copyFiles', body.copyFiles),
    linkFiles: pathsInside('linkFiles', body.linkFiles),
    buildCommand: command('buildCommand', body.buildCommand),
    reloadCommand: command('reloadCommand', body.reloadCommand),
    lintCommand: command('lintCommand', body.lintCommand),
    prompt: body.prompt && mergePromptSettings(current?.prompt ?? DEFAULT_PROMPT_SETTINGS, body.prompt),
    healthUrl: body.healthUrl,
    healthCheckSeconds: body.healthCheckSeconds,
    watch: body.watch,
    agent: body.agent,
    maxIterations: body.maxIterations,
    maxConcurrentTasks: body.maxConcurrentTasks,
    budgetUsd: body.budgetUsd,
    budgetUsdPerMonth: body.budgetUsdPerMonth,
    onRateLimit: body.onRateLimit,
    rateLimitMaxWaitMinutes: body.rateLimitMaxWaitMinutes,
    stallMinutes: body.stallMinutes,
    reviewOnStop: body.reviewOnStop,
    deployHosts: body.deployHosts,
    notify: body.notify,
  };
  if (body.remote !== undefined && (current || body.repoPath !== undefined)) {
    throw fieldError('body.remote', current ? 'cannot change: register the remote as a new project' : 'goes instead of repoPath, not with it');
  }
  if (mirror) return { ...resolved, repoPath: mirror.path, remote: mirror.remote, defaultBranch: remoteDefaultBranch(body.defaultBranch, mirror) };
  if (current?.remote && (body.repoPath !== undefined || body.defaultBranch !== undefined)) {
    throw fieldError(body.repoPath !== undefined ? 'body.repoPath' : 'body.defaultBranch', 'cannot change for a project backed by a remote');
  }
  const repoPath = body.repoPath ?? current?.repoPath;
  if (repoPath === undefined) throw fieldError('body.repoPath', 'is required (or remote: a git URL)');
  if (body.repoPath !== undefined || body.defaultBranch !== undefined) {
    let repo;
    try {
      repo = await inspectRepository(repoPath);
    } catch (err) {
      if (err instanceof InvalidRepositoryError) throw fieldError('body.repoPath', err.message);
      throw err;
    }
    resolved.repoPath = repo.topLevel;
    const branch = body.defaultBranch ?? (body.repoPath !== undefined ? repo.headBranch : current?.defaultBranch);
    if (!branch) throw fieldError('body.defaultBranch', "is required: the repository's HEAD is detached, so there is no branch to default to");
    if (!(await branchExists(repo.topLevel, branch))) {
      throw fieldError('body.defaultBranch', `names no branch of ${repo.topLevel}: '${branch}'`);
    }
    resolved.defaultBranch = branch;
  }
  return resolved;
}
