import { inlineCode } from './fence-text.js';
import { finishLayer, type RenderedLayer } from './layer-output.js';
import { showCommand } from '../../process/show-command.js';

/** The project's commands that check a change; null or absent when it has none. */
export interface VerifyLayerInput {
  testCommand: string[] | null;
  lintCommand?: string[] | null;
  typecheckCommand?: string[] | null;
}

const present = (argv: string[] | null | undefined): argv is string[] => Array.isArray(argv) && argv.length > 0;

/**
 * Renders how to check the work (the project's test, lint and type-check commands as a person
 * would type them) and what done means: Ringmaster runs the test command itself after the agent
 * says it is done, and the task is done when it passes and the change does what the task asks.
 */
export function renderVerifyLayer(input: VerifyLayerInput, budgetTokens: number): RenderedLayer {
  const commands: [string, string[] | null | undefined][] = [
    ['Tests', input.testCommand],
    ['Lint', input.lintCommand],
    ['Type check', input.typecheckCommand],
  ];
  const listed = commands.filter(([, argv]) => present(argv)).map(([label, argv]) => `- ${label}: ${inlineCode(showCommand(argv!))}`);
  const lines = ['## How to check your work', ''];
  if (listed.length) lines.push('Run these in the worktree before you say you are done:', '', ...listed, '');
  if (present(input.testCommand)) {
    lines.push(
      `When you say you are done, Ringmaster runs ${inlineCode(showCommand(input.testCommand))} itself, and again on your branch merged with the current default branch. ` +
        'The task is done when the tests pass and the change does what the task asks. Fix the cause of a failure, not the tests, unless the tests are wrong.',
    );
  } else {
    lines.push('This project has no test command, so nothing checks your work but you: build and run what you changed. ' + 'The task is done when the change does what the task asks.');
  }
  return finishLayer('verify', lines.join('\n'), budgetTokens);
}
