import type { TemporalSettings } from '../../config/settings.js';
import type { DecisionRecord } from '../../store/decision-repository.js';
import type { IterationRecord } from '../../store/iteration-repository.js';
import type { TaskStatus } from '../../model/task-status.js';
import type { TaskRecord } from '../../store/task-repository.js';

/** Link to a workflow in the Temporal Web UI, when the UI's address is known. */
export function temporalUiLink(temporal: Pick<TemporalSettings, 'uiUrl' | 'namespace'>, workflowId: string): string | null {
  if (!temporal.uiUrl) return null;
  return `${temporal.uiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

/** A task as the API shows it in lists: the record plus links. */
export function taskSummaryView(task: TaskRecord, temporal: Pick<TemporalSettings, 'uiUrl' | 'namespace'>) {
  return { ...task, links: { self: `/api/tasks/${task.id}`, temporalUi: temporalUiLink(temporal, task.workflowId) } };
}

/** A task with every iteration and decision, what it waits for and its subtasks. */
export function taskView(
  task: TaskRecord,
  iterations: IterationRecord[],
  decisions: DecisionRecord[],
  temporal: Pick<TemporalSettings, 'uiUrl' | 'namespace'>,
  dependsOn: { id: string; title: string; status: TaskStatus; dropped: boolean }[] = [],
  children: { id: string; title: string; status: TaskStatus }[] = [],
) {
  return {
    ...taskSummaryView(task, temporal),
    dependsOn,
    children,
    iterationList: iterations.map(({ taskId: _t, logPath: _l, promptPath: _p, ...rest }) => rest),
    decisions: decisions.map(({ taskId: _t, ...rest }) => rest),
  };
}
