import { describe, expect, it } from '@jest/globals';
import { renderTaskLayer, type TaskLayerInput } from '../../../enrich/layers/task-layer.js';
import { BUDGETS, expectWithinBudget } from './within-budget.js';

const input: TaskLayerInput = {
  title: 'Add a retry to the webhook sender',
  description: 'Webhooks fail when the receiver is briefly down.\n\nRetry three times with backoff.',
  acceptanceCriteria: ['Retries 3 times', ' Waits longer\n each time ', ''],
  projectName: 'hooks',
  iteration: 2,
  maxIterations: 5,
};

describe('renderTaskLayer', () => {
  it('gives the title, description, checklist and where the agent is', () => {
    const output = renderTaskLayer(input, 1000);
    expect(output.text).toBe(
      [
        '# Task: Add a retry to the webhook sender',
        'Webhooks fail when the receiver is briefly down.\n\nRetry three times with backoff.',
        'Acceptance criteria:\n- [ ] Retries 3 times\n- [ ] Waits longer each time',
        'You are working in a git worktree of the project "hooks" (iteration 2 of at most 5).',
      ].join('\n\n'),
    );
    expect(output.note).toBeUndefined();
    expectWithinBudget(output, 1000, 'task');
  });

  it('cuts a long description with a marker and says so, keeping the rest', () => {
    const long = { ...input, description: 'A long paragraph of background. '.repeat(400) };
    const output = renderTaskLayer(long, 200);
    expectWithinBudget(output, 200, 'task');
    expect(output.text).toContain('# Task: Add a retry to the webhook sender');
    expect(output.text).toContain('[… the rest of the description is cut to fit the prompt]');
    expect(output.text).toContain('- [ ] Retries 3 times');
    expect(output.text).toContain('(iteration 2 of at most 5)');
    expect(output.note).toMatch(/description cut/);
  });

  it('stays within every budget, tiny ones included, keeping the title first', () => {
    for (const budget of BUDGETS) {
      const output = renderTaskLayer({ ...input, description: 'x y z '.repeat(3000) }, budget);
      expectWithinBudget(output, budget, 'task');
      if (budget >= 5) expect(output.text.startsWith('# Task:')).toBe(true);
    }
  });

  it('leaves out an empty description and checklist, and is deterministic', () => {
    const bare = { ...input, description: '  ', acceptanceCriteria: undefined };
    expect(renderTaskLayer(bare, 100).text).toBe('# Task: Add a retry to the webhook sender\n\nYou are working in a git worktree of the project "hooks" (iteration 2 of at most 5).');
    expect(renderTaskLayer(input, 77)).toEqual(renderTaskLayer(input, 77));
  });
});
