import fs from 'node:fs';
import type { PromptRequest } from '../../enrich/build-prompt.js';
import { branchTip, resolveCommit } from '../../git/read-refs.js';
import { LESSONS_PER_PROMPT } from '../../model/prompt-settings.js';
import type { IterationRepository } from '../../store/iteration-repository.js';
import type { LessonRepository } from '../../store/lesson-repository.js';
import type { Project } from '../../store/project-repository.js';
import { relatedTasksOf } from '../../store/related-tasks.js';
import type { TaskRecord, TaskRepository } from '../../store/task-repository.js';
import type { DependencyRepository } from '../../store/dependency-repository.js';
import { ErrorCode, HttpError } from '../errors.js';

export interface PromptRequestDeps {
  tasks: TaskRepository;
  iterations: IterationRepository;
  lessons: LessonRepository;
  dependencies: DependencyRepository;
}

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
 * when `task` is only its text): the project's settings, the place to read, earlier iterations
 * and the project's lessons. Throws HttpError 409 when the repository has no default branch.
 */
export async function promptRequestFor(deps: PromptRequestDeps, project: Project, task: TaskRecord | { title: string; description: string; acceptanceCriteria: string[] }): Promise<PromptRequest> {
  const record = 'id' in task ? task : undefined;
  const previous = record ? deps.iterations.list(record.id) : [];
  return {
    key: project.id,
    projectName: project.name,
    ...(await placeOf(project, record)),
    task: { title: task.title, description: task.description, acceptanceCriteria: task.acceptanceCriteria },
    iteration: Math.min(previous.length + 1, record?.maxIterations ?? project.maxIterations),
    maxIterations: record?.maxIterations ?? project.maxIterations,
    testCommand: project.testCommand,
    lintCommand: project.lintCommand,
    settings: project.prompt,
    carry: {},
    previousIterations: previous.map(({ number, outcome, summary }) => ({ number, outcome, summary })),
    projectLessons: deps.lessons.recent(project.id, LESSONS_PER_PROMPT, record?.id),
    related: record ? relatedTasksOf(deps, record.id) : [],
  };
}
