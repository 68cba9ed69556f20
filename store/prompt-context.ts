import { LESSONS_PER_PROMPT } from '../model/prompt-settings.js';
import type { RelatedTask } from '../model/related-task.js';
import type { Lesson, LessonRepository } from './lesson-repository.js';
import { relatedTasksOf, type RelatedTaskDeps } from './related-tasks.js';

/** What a prompt is given from the projection besides the task itself. */
export interface PromptContext {
  previousIterations: { number: number; outcome: string; summary: string }[];
  projectLessons: Pick<Lesson, 'taskId' | 'title' | 'lesson' | 'createdAt'>[];
  /** The tasks this one depends on, with their outcomes. */
  related: RelatedTask[];
}

export interface PromptContextDeps extends RelatedTaskDeps {
  lessons: LessonRepository;
}

/**
 * Reads a prompt's context: the task's earlier iterations, the project's recent lessons (not the
 * task's own) and the tasks it depends on. `taskId` undefined: a task not filed yet. The iteration
 * and the prompt preview both read it here, so the preview shows what the iteration gets.
 */
export function readPromptContext(deps: PromptContextDeps, projectId: string, taskId: string | undefined): PromptContext {
  return {
    previousIterations: taskId ? deps.iterations.list(taskId).map(({ number, outcome, summary }) => ({ number, outcome, summary })) : [],
    projectLessons: deps.lessons.recent(projectId, LESSONS_PER_PROMPT, taskId).map(({ taskId: id, title, lesson, createdAt }) => ({ taskId: id, title, lesson, createdAt })),
    related: taskId ? relatedTasksOf(deps, taskId) : [],
  };
}
