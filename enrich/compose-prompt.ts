import type { Carry } from '../model/task-loop.js';
import { COMPLETION_PROTOCOL } from './completion-protocol.js';
import type { ProjectContext } from './project-context.js';

export interface PromptParts {
  title: string;
  description: string;
  projectName: string;
  iteration: number;
  maxIterations: number;
  context: ProjectContext;
  carry: Carry;
}

function fenced(text: string): string {
  const fence = text.includes('```') ? '````' : '```';
  return `${fence}\n${text.trimEnd()}\n${fence}`;
}

/**
 * Composes the prompt of one iteration: the task, what happened last time (summary, failing
 * tests, the answer to the agent's question), the project's own instructions, its README start
 * and file list, and the completion protocol. Pure: the same parts give the same prompt.
 */
export function composePrompt(parts: PromptParts): string {
  const sections: string[] = [];
  sections.push(`# Task: ${parts.title}`);
  if (parts.description.trim()) sections.push(parts.description.trim());
  sections.push(
    `You are working in a git worktree of the project "${parts.projectName}" (iteration ${parts.iteration} of at most ${parts.maxIterations}).`,
  );

  const { carry } = parts;
  if (carry.previousSummary || carry.testFailure || carry.decision || carry.mergeConflict) {
    const previous: string[] = ['## Where the previous iteration left off'];
    if (carry.previousSummary) previous.push(`Your summary of the previous iteration:\n\n${fenced(carry.previousSummary)}`);
    if (carry.testFailure) {
      previous.push(
        `The project's tests failed (\`${carry.testFailure.command}\`). The end of their output:\n\n${fenced(carry.testFailure.output)}\n\nFix the cause, not the tests, unless the tests are wrong.`,
      );
    }
    if (carry.mergeConflict) {
      const { defaultBranch, files } = carry.mergeConflict;
      previous.push(
        `Your work could not be merged: \`${defaultBranch}\` has moved since you started and conflicts with your branch in ${files.map((f) => `\`${f}\``).join(', ') || 'some files'}. ` +
          `In this worktree run \`git merge ${defaultBranch}\`, resolve the conflicts so that both changes keep their intent, \`git add\` the files and \`git commit --no-edit\` to finish the merge. Then check the work still does what the task asks.`,
      );
    }
    if (carry.decision) {
      previous.push(`You asked: ${carry.decision.question}\n\nThe answer: ${carry.decision.answer}`);
    }
    sections.push(previous.join('\n\n'));
  }

  for (const { file, text } of parts.context.instructions) sections.push(`## The project's instructions (${file})\n\n${text.trim()}`);
  if (parts.context.readme) sections.push(`## README (start)\n\n${parts.context.readme.trim()}`);
  if (parts.context.files.length > 0) {
    const more = parts.context.fileCount - parts.context.files.length;
    sections.push(`## Files in the repository\n\n${fenced(parts.context.files.join('\n'))}${more > 0 ? `\n(${more} more not listed)` : ''}`);
  }
  sections.push(COMPLETION_PROTOCOL);
  return `${sections.join('\n\n')}\n`;
}
