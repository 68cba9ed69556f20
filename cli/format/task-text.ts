import type { Static } from 'typebox';
import type { TaskSummaryView, TaskView } from '../../api/schemas/task-schemas.js';
import { renderTable } from './table.js';

/** A task as the API returns it (GET /api/tasks/:id); lists return it without iterations. */
export type TaskText = Static<typeof TaskSummaryView> & { iterationList?: Static<typeof TaskView>['iterationList']; children?: Static<typeof TaskView>['children']; hostWait?: string | null };

const usd = (value: number | null) => (value === null ? '-' : `$${value.toFixed(4)}`);
const tokens = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(1)}k` : String(n));

/** One line of progress: status, step, iterations, tokens and cost. */
export function progressLine(task: TaskText): string {
  return `[${task.status}] ${task.step} | iterations ${task.iterations} | tokens ${tokens(task.tokensIn)} in / ${tokens(task.tokensOut)} out | ${usd(task.costUsd)}`;
}

/** Tasks as a table for `task ls`. */
export function taskTable(tasks: readonly TaskText[]): string {
  return renderTable(
    ['ID', 'STATUS', 'PRI', 'AGENT', 'PROJECT', 'ITER', 'COST', 'TITLE'],
    tasks.map((t) => [t.id, t.status, t.priority, t.agent, t.projectName, String(t.iterations), usd(t.costUsd), t.title]),
  );
}

/** A task in full for `task show`. */
export function taskDetails(task: TaskText): string {
  const lines = [
    `${task.id}  ${task.title}`,
    `  project     ${task.projectName}`,
    `  status      ${task.status}${task.outcome ? ` (last outcome ${task.outcome})` : ''}`,
    `  step        ${task.step}`,
    ...(task.hostWait ? [`  waiting     ${task.hostWait}`] : []),
    `  priority    ${task.priority}   agent ${task.agent}`,
    `  filed by    ${task.createdBy ?? '(through Temporal)'}`,
    `  usage       ${task.iterations} iteration(s), ${task.tokensIn} tokens in, ${task.tokensOut} out, ${usd(task.costUsd)}`,
  ];
  if (task.branch) lines.push(`  branch      ${task.branch}${task.worktreeKept ? ` (kept at ${task.worktreePath})` : ''}`);
  if (task.finalCommit) lines.push(`  merged as   ${task.finalCommit}`);
  if (task.question) lines.push(`  question    ${task.question}`, `              answer with: ringmaster decide ${task.id} "<answer>"`);
  if (task.error) lines.push(`  error       ${task.error}`);
  if (task.parentId) lines.push(`  subtask of  ${task.parentId}`);
  if (task.links.temporalUi) lines.push(`  temporal    ${task.links.temporalUi}`);
  if (task.children?.length) {
    lines.push(
      '',
      'Subtasks:',
      renderTable(
        ['ID', 'STATUS', 'TITLE'],
        task.children.map((c) => [c.id, c.status, c.title]),
      ),
    );
  }
  if (task.iterationList?.length) {
    lines.push(
      '',
      renderTable(
        ['#', 'OUTCOME', 'TESTS', 'EXIT', 'TOKENS IN/OUT', 'COST', 'TIME', 'SUMMARY'],
        task.iterationList.map((it) => [
          String(it.number),
          it.outcome,
          it.testsPassed === null ? '-' : it.testsPassed ? 'pass' : 'fail',
          it.exitCode === null ? '-' : String(it.exitCode),
          `${tokens(it.tokensIn)}/${tokens(it.tokensOut)}`,
          usd(it.costUsd),
          `${(it.durationMs / 1000).toFixed(1)}s`,
          it.summary,
        ]),
      ),
    );
  }
  return lines.join('\n');
}
