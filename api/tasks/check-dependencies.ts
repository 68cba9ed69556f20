import { findCycle } from '../../model/dependency-graph.js';
import type { DependencyRepository } from '../../store/dependency-repository.js';
import type { TaskRepository } from '../../store/task-repository.js';
import { fieldError } from '../field-error.js';

/**
 * Checks the tasks `taskId` is to wait for: each must exist and the new edges must not close a
 * cycle. Throws an HttpError 400 naming the field, the unknown id or the cycle.
 */
export function checkDependencies(deps: { tasks: TaskRepository; dependencies: DependencyRepository }, taskId: string, dependsOn: readonly string[], field: string): void {
  dependsOn.forEach((id, i) => {
    if (id === taskId) throw fieldError(`${field}.${i}`, `a task cannot wait for itself ('${id}')`);
    if (!deps.tasks.get(id)) throw fieldError(`${field}.${i}`, `names no task: '${id}'`);
  });
  const cycle = findCycle(deps.dependencies.edges(), taskId, dependsOn);
  if (cycle) throw fieldError(field, `would make a dependency cycle: ${cycle.join(' → ')}`);
}
