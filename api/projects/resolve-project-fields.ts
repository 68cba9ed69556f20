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
export async function resolveProjectFields(body: CreateProjectBody | UpdateProjectBody, current?: Project): Promise<Resolved> {
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
  };
  const repoPath = body.repoPath ?? current?.repoPath;
  if (repoPath === undefined) throw fieldError('body.repoPath', 'is required');
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
