import { countTokens } from '../tokens.js';
import { finishLayer, type RenderedLayer } from './layer-output.js';
import { truncateWithMarker } from './truncate-text.js';

/** What the task layer shows: the task itself and where the agent is. */
export interface TaskLayerInput {
  title: string;
  description: string;
  acceptanceCriteria?: string[];
  projectName: string;
  iteration: number;
  maxIterations: number;
}

const DESCRIPTION_CUT = '[… the rest of the description is cut to fit the prompt]';

/**
 * Renders `# Task: <title>`, the description, the acceptance criteria as a checklist and the
 * line naming the project and iteration. Over budget, the description is cut first, with a
 * marker and a note (the task text is never dropped silently); at tiny budgets the layer keeps
 * what fits from the top, the title first.
 */
export function renderTaskLayer(input: TaskLayerInput, budgetTokens: number): RenderedLayer {
  const title = `# Task: ${input.title.trim().replace(/\s+/g, ' ')}`;
  const criteria = (input.acceptanceCriteria ?? []).map((item) => item.trim().replace(/\s*\n\s*/g, ' ')).filter(Boolean);
  const checklist = criteria.length ? `Acceptance criteria:\n${criteria.map((item) => `- [ ] ${item}`).join('\n')}` : '';
  const where = `You are working in a git worktree of the project "${input.projectName}" (iteration ${input.iteration} of at most ${input.maxIterations}).`;
  const description = input.description.trim();
  const join = (middle: string) => [title, middle, checklist, where].filter(Boolean).join('\n\n');

  const full = join(description);
  if (countTokens(full) <= budgetTokens) return finishLayer('task', full, budgetTokens);
  const room = budgetTokens - countTokens(join('')) - 2;
  const cut = description ? truncateWithMarker(description, room, DESCRIPTION_CUT) : undefined;
  const kept = cut && cut.text ? cut.text : '';
  const note = description ? `description cut to fit ${budgetTokens} tokens (${kept ? 'partly' : 'not'} shown)` : `the task text is longer than ${budgetTokens} tokens and was cut`;
  return finishLayer('task', join(kept), budgetTokens, note);
}
