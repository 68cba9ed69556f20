import { describe, expect, it } from '@jest/globals';
import type { DecompositionPlan } from '../../model/decomposition-plan.js';
import {
  describeChildren,
  inDependencyOrder,
  planApprovalProblem,
  planningSpentBudget,
  planApprovalQuestion,
  readPlanApproval,
  subtaskBudgetUsd,
  subtaskReviewProblem,
  subtaskStarts,
  subtaskTaskId,
} from '../../model/subtask-tasks.js';
import type { TaskPlan } from '../../model/task.js';

const subtask = (id: string, dependsOn: string[] = []) => ({ id, title: `Do ${id}`, description: `What ${id} is.`, acceptanceCriteria: [`${id} works`], dependsOn });
// c comes first in the plan but depends on both others.
const plan: DecompositionPlan = { subtasks: [subtask('c', ['a', 'b']), subtask('a'), subtask('b')] };
const parent = {
  taskId: 'p1',
  projectId: 'proj',
  projectName: 'demo',
  title: 'Big thing',
  description: 'All of it.',
  priority: 'P1',
  requires: ['gpu'],
  agent: 'command',
  agentOptions: { command: ['./agent'], secrets: { TOKEN: 'TOKEN' } },
  maxIterations: 3,
  budgetUsd: 2,
  timeoutMinutes: 10,
  decisionTimeoutMinutes: 60,
  decisionReminderMinutes: 30,
  reviewOnStop: true,
  dependsOn: ['other'],
} as unknown as TaskPlan;

describe('subtaskTaskId', () => {
  it("is the parent's id and the key, with the run after the first, cut to fit a task id", () => {
    expect(subtaskTaskId('p1', 'parser')).toBe('p1-parser');
    expect(subtaskTaskId('p1', 'parser', 2)).toBe('p1-parser-run2');
    const long = subtaskTaskId('x'.repeat(128), 'key');
    expect(long).toHaveLength(128);
    expect(long.endsWith('-key')).toBe(true);
  });
});

describe('inDependencyOrder', () => {
  it('puts every subtask after its dependencies, keeping plan order otherwise', () => {
    expect(inDependencyOrder(plan).map((s) => s.id)).toEqual(['a', 'b', 'c']);
    expect(() => inDependencyOrder({ subtasks: [subtask('a', ['b']), subtask('b', ['a'])] })).toThrow('the plan has a dependency cycle');
  });
});

describe('subtaskStarts', () => {
  it("gives each child its subtask, the parent's settings and its siblings' task ids as dependencies", () => {
    const starts = subtaskStarts(parent, plan, { createdBy: 'ann', planningCostUsd: 0.2 });
    expect(starts.map((s) => s.taskId)).toEqual(['p1-a', 'p1-b', 'p1-c']);
    const c = starts[2]!;
    expect(c.input).toMatchObject({
      taskId: 'p1-c',
      parentId: 'p1',
      project: 'proj',
      title: 'Do c',
      acceptanceCriteria: ['c works'],
      priority: 'P1',
      dependsOn: ['p1-a', 'p1-b'],
      requires: ['gpu'],
      agent: 'command',
      agentOptions: { command: ['./agent'], secrets: { TOKEN: 'TOKEN' } },
      maxIterations: 3,
      // What the planning left of the parent's $2, shared by the three.
      budgetUsd: 0.6,
      timeoutMinutes: 10,
      decisionTimeoutMinutes: 60,
      reviewOnStop: true,
      createdBy: 'ann',
    });
    expect(c.input.description).toBe('What c is.\n\nThis is subtask "c" of the task "Big thing" (task p1); the other subtasks are done by other agents.\n\nThe whole task, for context:\nAll of it.');
    // The parent already waited for its own dependencies; decomposition is never repeated.
    expect(c.input).not.toHaveProperty('decompose');
    expect(starts[0]!.input.dependsOn).toEqual([]);
  });

  it('names the children of a later run of the parent apart from the first run', () => {
    expect(subtaskStarts({ ...parent, budgetUsd: null }, plan, { run: 2 }).map((s) => [s.taskId, s.input.dependsOn, 'budgetUsd' in s.input])).toEqual([
      ['p1-a-run2', [], false],
      ['p1-b-run2', [], false],
      ['p1-c-run2', ['p1-a-run2', 'p1-b-run2'], false],
    ]);
  });
});

describe('plan approval', () => {
  it('asks with the plan: ids, titles, order, descriptions and criteria', () => {
    expect(planApprovalQuestion({ subtasks: [subtask('a'), subtask('b', ['a'])] })).toBe(
      'Approve this plan of 2 subtask(s)? Answer "approve", or "reject: why".\n- a: Do a\n    What a is.\n    - a works\n- b: Do b (after a)\n    What b is.\n    - b works',
    );
  });

  it('reads approve and reject (with why), and nothing else', () => {
    for (const yes of ['approve', 'Approved', 'yes', 'OK', ' approve. ']) expect(readPlanApproval(yes)).toEqual({ approved: true });
    expect(readPlanApproval('reject: c is not needed')).toEqual({ approved: false, reason: 'c is not needed' });
    expect(readPlanApproval('no')).toEqual({ approved: false, reason: '' });
    for (const unclear of ['looks fine I guess', 'approve but drop c', 'maybe']) expect(readPlanApproval(unclear)).toBeUndefined();
    expect(planApprovalProblem('maybe')).toBe('the plan waits for its approval: answer "approve", or "reject: why"');
    expect(planApprovalProblem('approve')).toBeUndefined();
  });
});

describe('subtaskReviewProblem', () => {
  it('takes retry or abandon, without the fields of a subtask review', () => {
    expect(subtaskReviewProblem({ action: 'retry' })).toBeUndefined();
    expect(subtaskReviewProblem({ action: 'abandon' })).toBeUndefined();
    expect(subtaskReviewProblem({ action: 'accept' })).toMatch(/takes retry .* or abandon/);
    expect(subtaskReviewProblem(undefined)).toMatch(/takes retry/);
    expect(subtaskReviewProblem({ action: 'retry', note: 'x' })).toMatch(/^maxIterations, budgetUsd and note go with the review of a subtask itself/);
  });
});

describe('describeChildren', () => {
  it('counts what merged and names what runs and what failed', () => {
    expect(
      describeChildren([
        { taskId: 'p1-a', key: 'a', status: 'completed' },
        { taskId: 'p1-b', key: 'b', status: 'running' },
        { taskId: 'p1-c', key: 'c', status: 'failed' },
      ]),
    ).toBe('subtasks: 1 of 3 merged (a); running: b; failed: c');
    expect(describeChildren([{ taskId: 'p1-a', key: 'a', status: 'running' }])).toBe('subtasks: 0 of 1 merged; running: a');
  });
});

describe('subtaskBudgetUsd', () => {
  it("shares what the planning left of the parent's budget, rounded down to a hundredth of a cent", () => {
    expect(subtaskBudgetUsd(2, 0.2, 3)).toBe(0.6);
    expect(subtaskBudgetUsd(1, 0, 3)).toBe(0.3333);
    expect(subtaskBudgetUsd(5, 0, 1)).toBe(5);
  });

  it('gives nothing when the planning spent the budget, and no budget when the parent has none', () => {
    expect(subtaskBudgetUsd(1, 1.5, 2)).toBe(0);
    expect(subtaskBudgetUsd(null, 0.4, 2)).toBeNull();
  });
});

describe('planningSpentBudget', () => {
  it('says so when the planning left nothing to share, and nothing while there is a share or no budget', () => {
    expect(planningSpentBudget(1, 1.2, 2)).toBe('budget exceeded: the planning spent $1.2000 of $1.0000, which leaves nothing for its 2 subtask(s)');
    expect(planningSpentBudget(1, 0.99995, 3)).toMatch(/^budget exceeded: the planning spent \$1\.0000 of \$1\.0000/);
    expect(planningSpentBudget(1, 0.4, 3)).toBeUndefined();
    expect(planningSpentBudget(null, 5, 3)).toBeUndefined();
  });
});
