import { PLAN_LIMITS } from '../model/decomposition-plan.js';

/** The file in the worktree's root an agent may write a long plan to instead of its final message. */
export const PLAN_FILE = '.ringmaster-plan.json';

/** The first line of every planning prompt: what tells a planning iteration from a coding one. */
export const PLANNING_HEADING = '# Plan the subtasks of a task';

/** What a planning prompt is built from: the task as filed, and why the previous answer was refused (a re-ask). */
export interface PlanningPromptInput {
  title: string;
  description: string;
  acceptanceCriteria: readonly string[];
  /** Set on the re-ask: what was wrong with the previous plan. */
  problem?: string;
}

const EXAMPLE = {
  subtasks: [
    { id: 'parser', title: 'Parse the new config format', description: 'What to change, where, and why.', acceptanceCriteria: ['parse-config tests cover the new keys'], dependsOn: [] },
    { id: 'docs', title: 'Document the new keys', description: '…', acceptanceCriteria: ['README lists every key'], dependsOn: ['parser'] },
  ],
};

/**
 * The prompt of a decomposing task's planning iteration: the task, the plan's JSON schema with an
 * example, and, on the re-ask, why the previous plan was refused. The agent reads the code but
 * changes nothing. Pure.
 */
export function buildPlanningPrompt(input: PlanningPromptInput): string {
  const criteria = input.acceptanceCriteria.length ? `\n\nAcceptance criteria of the whole task:\n${input.acceptanceCriteria.map((c) => `- ${c}`).join('\n')}` : '';
  const sections = [
    PLANNING_HEADING,
    `## The task\n\n${input.title}${input.description.trim() ? `\n\n${input.description.trim()}` : ''}${criteria}`,
    [
      '## What to do',
      'Read the repository as much as you need, then split the task into subtasks that other agents will each do on their own branch; each is tested and merged on its own, in the order the dependencies give, and subtasks without a dependency between them run at the same time.',
      'Do not change any files: this step only plans.',
      `Give between ${PLAN_LIMITS.minSubtasks} and ${PLAN_LIMITS.maxSubtasks} subtasks. Each has an \`id\` (a short key: lowercase letters, digits and -, unique in the plan), a \`title\`, a \`description\` saying what to change and where, \`acceptanceCriteria\` (checks its work must pass) and \`dependsOn\` (the ids of the subtasks that must be merged before it starts; no cycles).`,
    ].join('\n\n'),
    [
      '## How to answer',
      'End your final message with the plan as JSON between `<plan>` and `</plan>`, then `<promise>COMPLETE</promise>`, for example:',
      `<plan>\n${JSON.stringify(EXAMPLE, null, 2)}\n</plan>\n<promise>COMPLETE</promise>`,
      `If the plan is too long for your final message, write the same JSON to the file \`${PLAN_FILE}\` in the root of the working directory instead (it is read, then removed).`,
    ].join('\n\n'),
  ];
  if (input.problem) sections.push(`## Your previous plan was refused\n\n${input.problem}\n\nAnswer again with a corrected plan.`);
  return `${sections.join('\n\n')}\n`;
}
