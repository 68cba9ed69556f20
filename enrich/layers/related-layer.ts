import { countTokens } from '../tokens.js';
import { inlineCode } from './fence-text.js';
import { emptyLayer, finishLayer, type RenderedLayer } from './layer-output.js';
import { shareBudget } from './share-budget.js';
import { truncateWithMarker } from './truncate-text.js';
import type { RelatedTask } from '../../model/related-task.js';

/** The tasks this one depends on. */
export interface RelatedLayerInput {
  related: RelatedTask[];
}

const HEADER = '## Tasks this one depends on';
const CUT = '[… cut]';
const MIN_CUT_BODY_TOKENS = 16;

function headLine(task: RelatedTask): string {
  const merged = task.finalCommit ? `, merged as ${inlineCode(task.finalCommit.slice(0, 12))}` : '';
  return `- ${task.title.trim().replace(/\s+/g, ' ')} (${inlineCode(task.id)}): ${task.status}${merged}`;
}

function bodyOf(task: RelatedTask): string {
  const parts: string[] = [];
  if (task.summary?.trim()) parts.push(`Summary: ${task.summary.trim()}`);
  if (task.error?.trim()) parts.push(`Error: ${task.error.trim()}`);
  return parts.join('\n');
}

function newerFirst(a: string | null | undefined, b: string | null | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x > y ? -1 : x < y ? 1 : 0;
}

const indent = (text: string) => text.replace(/^/gm, '  ');

/**
 * Renders each task this one depends on, most recent first (by `updatedAt`, else as given):
 * title, id, status, merge commit, then its summary and error, shared fairly and cut to fit.
 * Tasks whose first line does not fit are left out, the oldest first; the note says how many.
 */
export function renderRelatedLayer(input: RelatedLayerInput, budgetTokens: number): RenderedLayer {
  if (input.related.length === 0) return emptyLayer('related');
  const tasks = input.related
    .map((task, index) => ({ task, index }))
    .sort((a, b) => newerFirst(a.task.updatedAt, b.task.updatedAt) || a.index - b.index)
    .map(({ task }) => task);
  let used = countTokens(HEADER) + 2;
  const heads: string[] = [];
  for (const task of tasks) {
    const line = headLine(task);
    const tokens = countTokens(line) + 1;
    if (used + tokens > budgetTokens) break;
    heads.push(line);
    used += tokens;
  }
  if (heads.length === 0) return emptyLayer('related', `${tasks.length} tasks, no room for any`);
  const bodies = tasks.slice(0, heads.length).map((task) => indent(bodyOf(task)));
  // Each body costs a seam token too.
  const allowances = shareBudget(
    bodies.map((body) => (body ? countTokens(body) : 0)),
    budgetTokens - used - 2 * heads.length,
  );
  const entries = heads.map((head, index) => {
    const body = bodies[index] ?? '';
    const allowance = allowances[index] ?? 0;
    const fitted = body ? truncateWithMarker(body, allowance, `  ${CUT}`) : undefined;
    // A body cut to a few tokens says nothing; leave it out instead.
    const shown = fitted && (!fitted.truncated || allowance >= MIN_CUT_BODY_TOKENS) ? fitted.text : '';
    return shown ? `${head}\n${shown}` : head;
  });
  const left = tasks.length - heads.length;
  const note = left > 0 ? `${heads.length} of ${tasks.length} tasks, the ${left} oldest left out` : `${heads.length} tasks`;
  return finishLayer('related', [HEADER, '', ...entries].join('\n'), budgetTokens, note);
}
