import type { Carry } from '../../model/task-loop.js';
import { countTokens } from '../tokens.js';
import { fenceText } from './fence-text.js';
import { keepTail, truncateWithMarker } from './truncate-text.js';

const HEADER = '## Where the previous iteration left off';
// Placeholders in the skeleton (private-use characters), replaced by the fitted pieces.
const SUMMARY = '\uE000summary\uE000';
const OUTPUT = '\uE000output\uE000';
const DECISION = '\uE000decision\uE000';
const REVIEW = '\uE000review\uE000';

/** The exact instruction for merging a moved default branch (the wording the agents were tested with). */
export function mergeConflictInstruction(conflict: { defaultBranch: string; files: string[] }): string {
  const { defaultBranch, files } = conflict;
  return (
    `Your work could not be merged: \`${defaultBranch}\` has moved since you started and conflicts with your branch in ${files.map((f) => `\`${f}\``).join(', ') || 'some files'}. ` +
    `In this worktree run \`git merge ${defaultBranch}\`, resolve the conflicts so that both changes keep their intent, \`git add\` the files and \`git commit --no-edit\` to finish the merge. Then check the work still does what the task asks.`
  );
}

function skeleton(carry: Carry): string {
  const parts: string[] = [HEADER];
  if (carry.previousSummary) parts.push(`Your summary of the previous iteration:\n\n${SUMMARY}`);
  if (carry.testFailure) {
    parts.push(`The project's tests failed (\`${carry.testFailure.command}\`). The end of their output:\n\n${OUTPUT}\n\nFix the cause, not the tests, unless the tests are wrong.`);
  }
  if (carry.mergeConflict) parts.push(mergeConflictInstruction(carry.mergeConflict));
  if (carry.decision) parts.push(DECISION);
  if (carry.reviewNote) parts.push(REVIEW);
  return parts.join('\n\n');
}

/** Whether the carry has anything to say. */
export function hasCarry(carry: Carry): boolean {
  return Boolean(carry.previousSummary || carry.testFailure || carry.decision || carry.mergeConflict || carry.reviewNote);
}

/**
 * Renders where the previous iteration left off (its summary, the failing tests' output, the
 * merge-conflict instruction, the question asked and its answer) in about `budgetTokens`. Over
 * budget the test output is cut first (its end kept), then the summary, then the decision; each
 * keeps a share so none is dropped entirely, and the merge instruction is never cut. Returns ''
 * for an empty carry.
 */
export function renderCarrySection(carry: Carry, budgetTokens: number): { text: string; cut: boolean } {
  if (!hasCarry(carry)) return { text: '', cut: false };
  const frame = skeleton(carry);
  const summary = carry.previousSummary?.trim() ?? '';
  const output = carry.testFailure?.output.trimEnd() ?? '';
  const decision = carry.decision ? `You asked: ${carry.decision.question.trim()}\n\nThe answer: ${carry.decision.answer.trim()}` : '';
  // The reviewer's note is short and is the point of the retry: never cut.
  const review = carry.reviewNote ? `The task stopped and a person reviewed it. Their note:\n\n${fenceText(carry.reviewNote.trim())}` : '';
  // Each fenced piece adds its fence lines; one slack token per seam.
  const fenceCost = (carry.previousSummary ? 6 : 0) + (carry.testFailure ? 6 : 0) + 4;
  const room = Math.max(0, budgetTokens - countTokens(frame.replaceAll(SUMMARY, '').replaceAll(OUTPUT, '').replaceAll(DECISION, '').replaceAll(REVIEW, review)) - fenceCost);
  const sizes = { output: countTokens(output), summary: countTokens(summary), decision: countTokens(decision) };
  let fitted = { output, summary, decision };
  const cut = sizes.output + sizes.summary + sizes.decision > room;
  if (cut) {
    const floorOutput = Math.min(sizes.output, Math.floor(room * 0.3));
    const floorSummary = Math.min(sizes.summary, Math.floor(room * 0.2));
    const forDecision = Math.min(sizes.decision, room - floorOutput - floorSummary);
    const forSummary = Math.min(sizes.summary, room - forDecision - floorOutput);
    const forOutput = Math.min(sizes.output, room - forDecision - forSummary);
    fitted = {
      output: keepTail(output, forOutput, '[… earlier output cut]').text,
      summary: truncateWithMarker(summary, forSummary, '[… cut]').text,
      decision: truncateWithMarker(decision, forDecision, '[… cut]').text,
    };
  }
  // One pass, so a placeholder-like string inside a piece is never replaced again.
  const text = frame.replace(/\uE000(summary|output|decision|review)\uE000/g, (_, name: string) =>
    name === 'summary' ? fenceText(fitted.summary) : name === 'output' ? fenceText(fitted.output) : name === 'review' ? review : fitted.decision,
  );
  return { text, cut };
}
