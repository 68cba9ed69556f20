import { describe, expect, it } from '@jest/globals';
import { findPlanBlock, PLAN_LIMITS, readPlan } from '../../model/decomposition-plan.js';

const subtask = (id: string, dependsOn: string[] = []) => ({ id, title: `Do ${id}`, description: `What ${id} is.`, acceptanceCriteria: [`${id} works`], dependsOn });
const text = (value: unknown) => JSON.stringify(value);

describe('readPlan', () => {
  it('reads a valid plan, also inside a ```json fence', () => {
    const plan = { subtasks: [subtask('a'), subtask('b'), subtask('c', ['a', 'b'])] };
    expect(readPlan(text(plan))).toEqual({ ok: true, plan });
    expect(readPlan(`\`\`\`json\n${text(plan)}\n\`\`\``)).toEqual({ ok: true, plan });
  });

  it('says when there is no plan, or it is not JSON', () => {
    expect(readPlan(undefined)).toEqual({ ok: false, problem: 'no plan found: the answer must hold the plan as JSON between <plan> and </plan>' });
    expect(readPlan('  ')).toMatchObject({ ok: false, problem: expect.stringMatching(/^no plan found/) });
    expect(readPlan('{ "subtasks": [ oops')).toMatchObject({ ok: false, problem: expect.stringMatching(/^the plan is not valid JSON: /) });
  });

  it('names the field that does not match the schema', () => {
    const noTitle = { subtasks: [{ ...subtask('a'), title: undefined }] };
    expect(readPlan(text(noTitle))).toMatchObject({ ok: false, problem: expect.stringContaining('plan.subtasks.0.title') });
    expect(readPlan(text({ subtasks: [subtask('Not A Key')] }))).toMatchObject({ ok: false, problem: expect.stringContaining('plan.subtasks.0.id') });
    expect(readPlan(text({ subtasks: [{ ...subtask('a'), extra: 1 }] }))).toMatchObject({ ok: false, problem: expect.stringContaining('plan.subtasks.0') });
  });

  it(`takes ${PLAN_LIMITS.minSubtasks} to ${PLAN_LIMITS.maxSubtasks} subtasks`, () => {
    expect(readPlan(text({ subtasks: [] }))).toMatchObject({ ok: false, problem: expect.stringContaining('plan.subtasks') });
    const many = Array.from({ length: PLAN_LIMITS.maxSubtasks + 1 }, (_, i) => subtask(`s${i}`));
    expect(readPlan(text({ subtasks: many }))).toMatchObject({ ok: false });
    expect(readPlan(text({ subtasks: many.slice(1) }))).toMatchObject({ ok: true });
  });

  it('refuses duplicate ids, unknown dependencies, a subtask depending on itself, and cycles', () => {
    expect(readPlan(text({ subtasks: [subtask('a'), subtask('a')] }))).toEqual({ ok: false, problem: 'subtask id "a" is used twice: ids must be unique' });
    expect(readPlan(text({ subtasks: [subtask('a', ['z'])] }))).toEqual({ ok: false, problem: 'subtask "a" depends on "z", which the plan does not have (known ids: a)' });
    expect(readPlan(text({ subtasks: [subtask('a', ['a'])] }))).toEqual({ ok: false, problem: 'subtask "a" depends on itself' });
    expect(readPlan(text({ subtasks: [subtask('a', ['c']), subtask('b', ['a']), subtask('c', ['b'])] }))).toEqual({ ok: false, problem: 'the dependencies form a cycle: c → b → a → c' });
  });
});

describe('findPlanBlock', () => {
  it('returns the last <plan> block, trimmed, or undefined', () => {
    expect(findPlanBlock('no plan here')).toBeUndefined();
    expect(findPlanBlock('quoting the protocol: <plan>…</plan>\nnow: <plan>\n{"subtasks":[]}\n</plan> <promise>COMPLETE</promise>')).toBe('{"subtasks":[]}');
  });

  it('unescapes a block found inside a JSON string (a CLI event stream)', () => {
    const event = JSON.stringify({ type: 'result', result: `Done.\n<plan>\n${text({ subtasks: [subtask('a')] })}\n</plan>` });
    expect(readPlan(findPlanBlock(event))).toEqual({ ok: true, plan: { subtasks: [subtask('a')] } });
  });
});
