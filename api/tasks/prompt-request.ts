import fs from 'node:fs';
import type { PromptRequest } from '../../enrich/build-prompt.js';
import { branchTip, resolveCommit } from '../../git/read-refs.js';
import { promptRequestOf, type PromptSubject } from '../../enrich/prompt-request.js';
import type { Project } from '../../store/project-repository.js';
import { readPromptContext, type PromptContextDeps } from '../../store/prompt-context.js';
import type { TaskRecord } from '../../store/task-repository.js';
import { ErrorCode, HttpError } from '../errors.js';

export type PromptRequestDeps = PromptContextDeps;

/** Where the prompt is read: the task's worktree while it exists, else the tip of the project's default branch. */
async function placeOf(project: Project, task: TaskRecord | undefined): Promise<Pick<PromptRequest, 'repoDir' | 'commit' | 'workDir'>> {
  if (task?.worktreePath && fs.existsSync(task.worktreePath)) {
    const commit = await resolveCommit(task.worktreePath, 'HEAD');
    if (commit) return { repoDir: task.worktreePath, commit, workDir: task.worktreePath };
  }
  const commit = await branchTip(project.repoPath, project.defaultBranch);
  if (!commit) throw new HttpError(409, ErrorCode.conflict, `project '${project.name}' has no branch '${project.defaultBranch}' in ${project.repoPath} to read`);
  return { repoDir: project.repoPath, commit };
}

/**
 * The request for the prompt a task's next iteration would get now (or a task not filed yet,
 * when `task` is only its text), put together as the iteration does (promptRequestOf,
 * readPromptContext) from the project's current settings. What the workflow carries between
 * iterations (the failing tests, an answer) is not in the projection and so not in the preview.
 * Throws HttpError 409 when the repository has no default branch.
 */
export async function promptRequestFor(deps: PromptRequestDeps, project: Project, task: TaskRecord | { title: string; description: string; acceptanceCriteria: string[] }): Promise<PromptRequest> {
  const record = 'id' in task ? task : undefined;
  const maxIterations = record?.maxIterations ?? project.maxIterations;
  const context = readPromptContext(deps, project.id, record?.id);
  const subject: PromptSubject = {
    projectId: project.id,
    projectName: project.name,
    title: task.title,
    description: task.description,
    acceptanceCriteria: task.acceptanceCriteria,
    maxIterations,
    testCommand: project.testCommand,
    lintCommand: project.lintCommand,
    prompt: project.prompt,
  };
  const iteration = Math.min(context.previousIterations.length + 1, maxIterations);
  return promptRequestOf(subject, await placeOf(project, record), { iteration, carry: {} }, context);
}
