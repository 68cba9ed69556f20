import type { DecompositionPlan, Subtask } from './decomposition-plan.js';
import { ReviewAction } from './review.js';
import type { TaskPlan, TaskWorkflowInput } from './task.js';

// Safe to import from workflows: types and pure functions only (plan validation, which needs
// TypeBox at run time, lives in decomposition-plan.ts and runs in an activity).

/** Longest part of the parent's description repeated in each subtask's (the subtask's own comes first). */
const PARENT_DESCRIPTION_CHARS = 20_000;

/**
 * The id of the child task a subtask becomes: `<parentId>-<key>` (`<parentId>-<key>-run<n>` for
 * the plan of the parent's run n > 1, whose children are new tasks), cut to fit a task id.
 */
export function subtaskTaskId(parentId: string, key: string, run = 1): string {
  const tail = run > 1 ? `${key}-run${run}` : key;
  return `${parentId.slice(0, 128 - tail.length - 1)}-${tail}`;
}

/** The subtasks ordered so that each comes after the ones it depends on (plan order otherwise). Throws on a cycle. */
export function inDependencyOrder(plan: DecompositionPlan): Subtask[] {
  const done = new Set<string>();
  const ordered: Subtask[] = [];
  while (ordered.length < plan.subtasks.length) {
    const next = plan.subtasks.find((s) => !done.has(s.id) && s.dependsOn.every((d) => done.has(d)));
    if (!next) throw new Error('the plan has a dependency cycle');
    done.add(next.id);
    ordered.push(next);
  }
  return ordered;
}

/** One child task to start: its id and the input of its taskWorkflow. */
export interface SubtaskStart {
  key: string;
  taskId: string;
  input: TaskWorkflowInput & { taskId: string; parentId: string };
}

/**
 * Each child's share of what the parent's budget has left after planning (`null`: no budget), so
 * the children together stay within the parent's budget as a single task does. Rounded down to a
 * hundredth of a cent.
 */
export function subtaskBudgetUsd(parentBudgetUsd: number | null, planningCostUsd: number, subtasks: number): number | null {
  if (parentBudgetUsd === null) return null;
  const left = Math.max(0, parentBudgetUsd - planningCostUsd);
  return Math.floor((left / Math.max(1, subtasks)) * 10_000) / 10_000;
}

/**
 * Why no subtask can start because the planning spent the parent's budget (nothing, or less than
 * a hundredth of a cent each, is left), or undefined when there is a budget to share or none at all.
 */
export function planningSpentBudget(parentBudgetUsd: number | null, planningCostUsd: number, subtasks: number): string | undefined {
  if (parentBudgetUsd === null || (subtaskBudgetUsd(parentBudgetUsd, planningCostUsd, subtasks) ?? 0) > 0) return undefined;
  return `budget exceeded: the planning spent $${planningCostUsd.toFixed(4)} of $${parentBudgetUsd.toFixed(4)}, which leaves nothing for its ${subtasks} subtask(s)`;
}

/**
 * The child tasks of a decomposed task, in dependency order (a task's dependencies start before
 * it): each with its subtask's title, description and criteria, the parent's settings (agent,
 * iterations, priority, review), its share of the parent's budget and `dependsOn` naming its
 * siblings' task ids.
 */
export function subtaskStarts(parent: TaskPlan, plan: DecompositionPlan, options: { run?: number; createdBy?: string; planningCostUsd?: number } = {}): SubtaskStart[] {
  const { run = 1, createdBy, planningCostUsd = 0 } = options;
  const budgetUsd = subtaskBudgetUsd(parent.budgetUsd, planningCostUsd, plan.subtasks.length);
  const idOf = (key: string) => subtaskTaskId(parent.taskId, key, run);
  const context = parent.description.trim() ? `\n\nThe whole task, for context:\n${parent.description.trim().slice(0, PARENT_DESCRIPTION_CHARS)}` : '';
  return inDependencyOrder(plan).map((subtask) => {
    const taskId = idOf(subtask.id);
    const input: SubtaskStart['input'] = {
      taskId,
      parentId: parent.taskId,
      project: parent.projectId,
      title: subtask.title,
      description: `${subtask.description.trim()}\n\nThis is subtask "${subtask.id}" of the task "${parent.title}" (task ${parent.taskId}); the other subtasks are done by other agents.${context}`,
      acceptanceCriteria: subtask.acceptanceCriteria,
      priority: parent.priority,
      dependsOn: subtask.dependsOn.map(idOf),
      requires: parent.requires ?? [],
      agent: parent.agent,
      agentOptions: parent.agentOptions,
      maxIterations: parent.maxIterations,
      ...(budgetUsd !== null ? { budgetUsd } : {}),
      timeoutMinutes: parent.timeoutMinutes,
      decisionTimeoutMinutes: parent.decisionTimeoutMinutes,
      ...(parent.decisionReminderMinutes !== undefined ? { decisionReminderMinutes: parent.decisionReminderMinutes } : {}),
      ...(parent.stallMinutes ? { stallMinutes: parent.stallMinutes } : {}),
      ...(parent.reviewOnStop ? { reviewOnStop: true } : {}),
      ...(createdBy ? { createdBy } : {}),
    };
    return { key: subtask.id, taskId, input };
  });
}

/** Longest approval question (it is a decision's question, shown by the API, the CLI and the webhooks). */
export const MAX_APPROVAL_QUESTION_CHARS = 20_000;
// Each subtask's description is shortened to this in the question.
const QUESTION_DESCRIPTION_CHARS = 300;

const shorten = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** The question a person answers to approve a plan (through the decisions: POST /api/tasks/:id/decision, `ringmaster decide`). */
export function planApprovalQuestion(plan: DecompositionPlan): string {
  const lines = plan.subtasks.map((s) => {
    const after = s.dependsOn.length ? ` (after ${s.dependsOn.join(', ')})` : '';
    const description = s.description.trim() ? `\n    ${shorten(s.description.trim().replace(/\s+/g, ' '), QUESTION_DESCRIPTION_CHARS)}` : '';
    const criteria = s.acceptanceCriteria.map((c) => `\n    - ${c}`).join('');
    return `- ${s.id}: ${s.title}${after}${description}${criteria}`;
  });
  return shorten(`Approve this plan of ${plan.subtasks.length} subtask(s)? Answer "approve", or "reject: why".\n${lines.join('\n')}`, MAX_APPROVAL_QUESTION_CHARS);
}

/** Why an answer cannot answer a plan's approval question, or undefined when it can (the update validator throws it). */
export function planApprovalProblem(answer: string): string | undefined {
  return readPlanApproval(answer) ? undefined : 'the plan waits for its approval: answer "approve", or "reject: why"';
}

/** Why a review cannot apply to a decomposed task waiting on a failed subtask, or undefined when it can. */
export function subtaskReviewProblem(decision: { action?: unknown; maxIterations?: unknown; budgetUsd?: unknown; note?: unknown } | undefined): string | undefined {
  if (decision?.action !== ReviewAction.retry && decision?.action !== ReviewAction.abandon)
    return 'a decomposed task waiting on a failed subtask takes retry (its failed subtasks run again) or abandon';
  if (decision.maxIterations !== undefined || decision.budgetUsd !== undefined || decision.note !== undefined)
    return 'maxIterations, budgetUsd and note go with the review of a subtask itself, not of the task it is part of';
  return undefined;
}

/** A person's answer to a plan's approval question: approved, rejected (with why), or not understood (undefined). */
export function readPlanApproval(answer: string): { approved: true } | { approved: false; reason: string } | undefined {
  const text = answer.trim();
  if (/^(approve[ds]?|yes|y|ok)\b\W*$/i.test(text)) return { approved: true };
  const rejected = /^(reject(?:ed)?|no|n)\b[\s:,.-]*([\s\S]*)$/i.exec(text);
  if (rejected) return { approved: false, reason: rejected[2]!.trim() };
  return undefined;
}

/** The states children can be in, as the parent counts them. */
export interface ChildState {
  taskId: string;
  key: string;
  status: 'running' | 'completed' | 'failed';
}

/** The parent's step while its children run, e.g. `subtasks: 1 of 3 merged (a); running: b, c`. */
export function describeChildren(children: readonly ChildState[]): string {
  const merged = children.filter((c) => c.status === 'completed');
  const running = children.filter((c) => c.status === 'running');
  const failed = children.filter((c) => c.status === 'failed');
  const parts = [`subtasks: ${merged.length} of ${children.length} merged${merged.length ? ` (${merged.map((c) => c.key).join(', ')})` : ''}`];
  if (running.length) parts.push(`running: ${running.map((c) => c.key).join(', ')}`);
  if (failed.length) parts.push(`failed: ${failed.map((c) => c.key).join(', ')}`);
  return parts.join('; ');
}
