import type { Carry } from '../../model/task-loop.js';
import type { RetrievalQuery } from '../retrieval/ranked-file.js';
import { countTokens } from '../tokens.js';
import { renderCarrySection } from './carry-section.js';
import { emptyLayer, finishLayer, type RenderedLayer } from './layer-output.js';
import { extractQueryTerms } from './query-terms.js';
import { rankLessons, type ProjectLesson } from './rank-lessons.js';
import { truncateWithMarker } from './truncate-text.js';

/** One earlier iteration of this task. */
export interface PreviousIteration {
  number: number;
  outcome: string;
  summary: string | null;
}

/** What the task and the project have learned so far. */
export interface LessonsLayerInput {
  carry: Carry;
  previousIterations: PreviousIteration[];
  projectLessons: ProjectLesson[];
  /** The task's words, to rank the project's lessons by. */
  query: RetrievalQuery;
}

const MAX_ITERATION_SUMMARY_CHARS = 200;
// One lesson takes at most this many tokens, so one long lesson cannot crowd out the rest.
const MAX_LESSON_TOKENS = 200;

function iterationLine(iteration: PreviousIteration): string {
  const first = (iteration.summary ?? '').trim().split('\n')[0]?.trim() ?? '';
  const summary = first.length > MAX_ITERATION_SUMMARY_CHARS ? `${first.slice(0, MAX_ITERATION_SUMMARY_CHARS)}…` : first;
  return `- Iteration ${iteration.number}: ${iteration.outcome}${summary ? `. ${summary}` : ''}`;
}

/** The newest iterations' lines that fit in `maxTokens`, oldest first. */
function iterationSection(iterations: readonly PreviousIteration[], maxTokens: number): { text: string; shown: number } {
  const header = '## Earlier iterations of this task';
  let used = countTokens(header) + 2;
  const lines: string[] = [];
  for (const iteration of [...iterations].sort((a, b) => b.number - a.number)) {
    const line = iterationLine(iteration);
    const tokens = countTokens(line) + 1;
    if (used + tokens > maxTokens) break;
    lines.unshift(line);
    used += tokens;
  }
  return lines.length ? { text: `${header}\n\n${lines.join('\n')}`, shown: lines.length } : { text: '', shown: 0 };
}

function lessonLine(lesson: ProjectLesson): string {
  const body = truncateWithMarker(lesson.lesson.trim(), MAX_LESSON_TOKENS, '[… cut]').text.replace(/\n/g, '\n  ');
  return `- ${body} (from "${lesson.title.trim().replace(/\s+/g, ' ')}", ${lesson.createdAt.slice(0, 10)})`;
}

/** The most relevant lessons that fit in `maxTokens`, best first. */
function lessonSection(lessons: readonly ProjectLesson[], query: RetrievalQuery, maxTokens: number): { text: string; shown: number } {
  const header = "## Lessons from the project's earlier tasks";
  let used = countTokens(header) + 2;
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const { lesson } of rankLessons(lessons, extractQueryTerms(query))) {
    const key = lesson.lesson.trim();
    if (!key || seen.has(key)) continue;
    seen.add(key);
    const line = lessonLine(lesson);
    const tokens = countTokens(line) + 1;
    if (used + tokens > maxTokens) continue;
    lines.push(line);
    used += tokens;
  }
  return lines.length ? { text: `${header}\n\n${lines.join('\n')}`, shown: lines.length } : { text: '', shown: 0 };
}

/**
 * Renders what this task learned so far, then what the project learned: first the carry (where
 * the previous iteration left off; it has priority and is cut last, test output first), then a
 * line per earlier iteration (the newest that fit), then the project's lessons ranked by
 * relevance to the task (BM25; ties most recent first), as many as fit.
 */
export function renderLessonsLayer(input: LessonsLayerInput, budgetTokens: number): RenderedLayer {
  const carry = renderCarrySection(input.carry, budgetTokens);
  let used = carry.text ? countTokens(carry.text) + 2 : 0;
  const iterations = iterationSection(input.previousIterations, budgetTokens - used);
  if (iterations.text) used += countTokens(iterations.text) + 2;
  const lessons = lessonSection(input.projectLessons, input.query, budgetTokens - used);
  const sections = [carry.text, iterations.text, lessons.text].filter(Boolean);
  const remarks: string[] = [];
  if (carry.cut) remarks.push('carry cut to fit');
  if (input.previousIterations.length) remarks.push(`${iterations.shown} of ${input.previousIterations.length} iterations`);
  if (input.projectLessons.length) remarks.push(`${lessons.shown} of ${input.projectLessons.length} lessons`);
  const note = remarks.length ? remarks.join(', ') : undefined;
  if (sections.length === 0) return emptyLayer('lessons', note);
  return finishLayer('lessons', sections.join('\n\n'), budgetTokens, note);
}
