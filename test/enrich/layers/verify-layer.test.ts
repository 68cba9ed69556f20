import { describe, expect, it } from '@jest/globals';
import { renderVerifyLayer } from '../../../enrich/layers/verify-layer.js';
import { BUDGETS, expectWithinBudget } from './within-budget.js';

describe('renderVerifyLayer', () => {
  it('shows the commands as typed and says Ringmaster runs the tests itself', () => {
    const output = renderVerifyLayer({ testCommand: ['npm', 'test', '--', '--grep', 'a b'], lintCommand: ['npm', 'run', 'lint'], typecheckCommand: null }, 1000);
    expect(output.text).toContain("- Tests: `npm test -- --grep 'a b'`");
    expect(output.text).toContain('- Lint: `npm run lint`');
    expect(output.text).not.toContain('Type check');
    expect(output.text).toContain("Ringmaster runs `npm test -- --grep 'a b'` itself");
    expect(output.text).toContain('The task is done when the tests pass and the change does what the task asks.');
    expectWithinBudget(output, 1000, 'verify');
  });

  it('says what done means without a test command', () => {
    const output = renderVerifyLayer({ testCommand: null }, 1000);
    expect(output.text).toContain('This project has no test command');
    expect(output.text).toContain('The task is done when the change does what the task asks.');
    expect(output.text).not.toContain('- Tests:');
    expect(renderVerifyLayer({ testCommand: [] }, 1000).text).toBe(output.text);
  });

  it('keeps a command with backticks in one code span', () => {
    const output = renderVerifyLayer({ testCommand: ['sh', '-c', 'echo `date`'] }, 1000);
    expect(output.text).toContain("- Tests: ``sh -c 'echo `date`'``");
  });

  it('stays within every budget', () => {
    for (const budget of BUDGETS) expectWithinBudget(renderVerifyLayer({ testCommand: ['npm', 'test'], typecheckCommand: ['npx', 'tsc'] }, budget), budget, 'verify');
  });
});
