import type { RelatedTask } from '../model/related-task.js';
import type { DependencyRepository } from './dependency-repository.js';
import type { IterationRepository } from './iteration-repository.js';
import type { TaskRepository } from './task-repository.js';

export interface RelatedTaskDeps {
  tasks: TaskRepository;
  iterations: IterationRepository;
  dependencies: DependencyRepository;
}

/**
 * The tasks `taskId` depends on (dropped edges included: what they did is still context), each
 * with its status, its last iteration's summary, its error and the commit it was merged as.
 */
export function relatedTasksOf(deps: RelatedTaskDeps, taskId: string): RelatedTask[] {
  const related: RelatedTask[] = [];
  for (const { dependsOn } of deps.dependencies.of(taskId)) {
    const task = deps.tasks.get(dependsOn);
    if (!task) continue;
    const last = deps.iterations.list(task.id).at(-1);
    related.push({
      id: task.id,
      title: task.title,
      status: task.status,
      summary: last?.summary.trim() ? last.summary : null,
      error: task.error,
      finalCommit: task.finalCommit,
      updatedAt: task.updatedAt,
    });
  }
  return related;
}
