import { describe, expect, it } from '@jest/globals';
import { renderInstructionsLayer } from '../../../enrich/layers/instructions-layer.js';
import type { InstructionFile } from '../../../enrich/layers/read-instruction-files.js';
import { BUDGETS, expectWithinBudget } from './within-budget.js';

const readme: InstructionFile = { file: 'README.md', kind: 'readme', text: '# Demo\n\nA demo.', cut: true };
const agents: InstructionFile = { file: 'AGENTS.md', kind: 'agent', text: 'Run `npm test` before you finish.', cut: false };
const guide: InstructionFile = { file: 'CONTRIBUTING.md', kind: 'contributing', text: 'Write tests.', cut: false };

describe('renderInstructionsLayer', () => {
  it('gives agent instructions first and the README last, with headings', () => {
    const output = renderInstructionsLayer({ files: [readme, guide, agents] }, 1000);
    expect(output.text).toBe(
      [
        "## The project's instructions (AGENTS.md)\n\nRun `npm test` before you finish.",
        "## The project's contributing guide (CONTRIBUTING.md)\n\nWrite tests.",
        "## The project's README (README.md, start)\n\n# Demo\n\nA demo.\n[… cut to fit the prompt; read README.md in the worktree for the rest]",
      ].join('\n\n'),
    );
    expect(output.note).toBe('3 of 3 files; README.md cut');
    expectWithinBudget(output, 1000, 'instructions');
  });

  it('gives a file repeating an earlier one once', () => {
    const claude: InstructionFile = { ...agents, file: 'CLAUDE.md' };
    const output = renderInstructionsLayer({ files: [agents, claude] }, 1000);
    expect(output.text).not.toContain('CLAUDE.md');
    expect(output.note).toBe('1 of 2 files; CLAUDE.md same as AGENTS.md');
  });

  it('cuts the agent file to what is left and leaves the README out when nothing is', () => {
    const long: InstructionFile = { ...agents, text: 'Rule: keep functions short.\n'.repeat(2000) };
    const output = renderInstructionsLayer({ files: [readme, long] }, 300);
    expectWithinBudget(output, 300, 'instructions');
    expect(output.text.startsWith("## The project's instructions (AGENTS.md)\n\nRule:")).toBe(true);
    expect(output.text.endsWith('[… cut to fit the prompt; read AGENTS.md in the worktree for the rest]')).toBe(true);
    expect(output.note).toBe('1 of 2 files; AGENTS.md cut; README.md left out');
  });

  it('stays within every budget and is empty without files', () => {
    const files = [agents, guide, readme, { ...agents, file: 'CLAUDE.md', text: 'x '.repeat(5000) }];
    for (const budget of BUDGETS) expectWithinBudget(renderInstructionsLayer({ files }, budget), budget, 'instructions');
    expect(renderInstructionsLayer({ files: [] }, 1000)).toMatchObject({ text: '', tokens: 0 });
    expect(renderInstructionsLayer({ files }, 333)).toEqual(renderInstructionsLayer({ files }, 333));
  });
});
