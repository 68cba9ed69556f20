import { describe, expect, it } from '@jest/globals';
import { buildPlanningPrompt, PLAN_FILE, PLANNING_HEADING } from '../../enrich/planning-prompt.js';
import { findPlanBlock, readPlan } from '../../model/decomposition-plan.js';

const task = { title: 'Add dark mode', description: 'Theme switch in settings.', acceptanceCriteria: ['toggle persists'] };

describe('buildPlanningPrompt', () => {
  it('starts with the planning heading and holds the task, its criteria and how to answer', () => {
    const prompt = buildPlanningPrompt(task);
    expect(prompt.startsWith(`${PLANNING_HEADING}\n`)).toBe(true);
    expect(prompt).toContain('Add dark mode\n\nTheme switch in settings.');
    expect(prompt).toContain('- toggle persists');
    expect(prompt).toContain('Do not change any files');
    expect(prompt).toContain(PLAN_FILE);
    expect(prompt).not.toContain('previous plan was refused');
  });

  it('gives an example that is itself a valid plan', () => {
    expect(readPlan(findPlanBlock(buildPlanningPrompt(task)))).toMatchObject({ ok: true, plan: { subtasks: [{ id: 'parser' }, { id: 'docs', dependsOn: ['parser'] }] } });
  });

  it('says on the re-ask why the previous plan was refused', () => {
    const prompt = buildPlanningPrompt({ ...task, acceptanceCriteria: [], problem: 'the plan is not valid JSON: Unexpected token' });
    expect(prompt).toMatch(/## Your previous plan was refused\n\nthe plan is not valid JSON: Unexpected token\n\nAnswer again with a corrected plan\.\n$/);
    expect(prompt).not.toContain('Acceptance criteria of the whole task');
  });
});
