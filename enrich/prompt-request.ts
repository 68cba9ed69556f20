import { DEFAULT_PROMPT_SETTINGS } from '../model/prompt-settings.js';
import type { Carry } from '../model/task-loop.js';
import type { TaskPlan } from '../model/task.js';
import type { PromptRequest } from './build-prompt.js';

/** What a prompt says about its task and project: a task's plan, or a project and a task's text. */
export type PromptSubject = Pick<TaskPlan, 'projectId' | 'projectName' | 'title' | 'description' | 'acceptanceCriteria' | 'maxIterations' | 'testCommand' | 'lintCommand' | 'prompt'>;

/** What the projection gives a prompt (store/prompt-context.ts reads it). */
export type PromptRequestContext = Pick<PromptRequest, 'previousIterations' | 'projectLessons' | 'related'>;

/**
 * The one way a prompt request is put together: the iteration's and the preview's
 * (`POST /api/tasks/:id/prompt`), from the subject, where to read, and the context.
 */
export function promptRequestOf(
  subject: PromptSubject,
  place: Pick<PromptRequest, 'repoDir' | 'commit' | 'workDir'>,
  turn: { iteration: number; carry: Carry },
  context: PromptRequestContext | undefined,
): PromptRequest {
  return {
    key: subject.projectId,
    projectName: subject.projectName,
    ...place,
    task: { title: subject.title, description: subject.description, acceptanceCriteria: subject.acceptanceCriteria ?? [] },
    iteration: turn.iteration,
    maxIterations: subject.maxIterations,
    testCommand: subject.testCommand,
    lintCommand: subject.lintCommand ?? null,
    settings: subject.prompt ?? DEFAULT_PROMPT_SETTINGS,
    carry: turn.carry,
    previousIterations: context?.previousIterations ?? [],
    projectLessons: context?.projectLessons ?? [],
    related: context?.related ?? [],
  };
}
