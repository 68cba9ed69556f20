import type { RankedFile } from '../retrieval/ranked-file.js';
import { countTokens, countTokensWithin, truncateToTokens } from '../tokens.js';
import { findExcerptWindows, type LineWindow } from './excerpt-windows.js';
import { fenceText, inlineCode } from './fence-text.js';
import { languageOfPath } from './language-of-path.js';
import { emptyLayer, finishLayer, type RenderedLayer } from './layer-output.js';

/** What the relevant-files layer is given. */
export interface RelevantFilesInput {
  /** The selector's ranking, best first (re-sorted by score, then path, for determinism). */
  ranked: RankedFile[];
  /** A file's text, or undefined when it is binary, unreadable or too large to consider. */
  readText: (path: string) => string | undefined;
  /** The task's terms (see `extractQueryTerms`), used to pick the excerpts. */
  queryTerms: string[];
  /** The most tokens one file given in full may take (besides 40 % of the layer budget). */
  maxFullFileTokens?: number;
}

/** The share of the layer one file given in full may take at most. */
export const FULL_FILE_SHARE = 0.4;
// While more files wait, full files leave this share for their excerpts.
const EXCERPT_RESERVE_SHARE = 0.2;
// One file's excerpts take at most this share of the layer (or MIN_EXCERPT_TOKENS).
const EXCERPT_SHARE = 0.15;
const MIN_EXCERPT_TOKENS = 160;
const CONTEXT_LINES = 3;
// A file without a matching line is shown by its head (imports, doc comment).
const HEAD_LINES = 12;
const MAX_LINE_CHARS = 300;
// Cheap pre-check before tokenizing: code rarely packs more characters than this into a token.
const MAX_CHARS_PER_TOKEN = 12;
// A window costs its seam (3 tokens) and at least one token of text.
const MIN_WINDOW_TOKENS = 4;

const HEADER = '## Files relevant to the task\n\nChosen and ranked for this task. Excerpts show the lines that mention its words, with line numbers; open the files for the rest.';

function byScore(a: RankedFile, b: RankedFile): number {
  return b.score - a.score || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}

function fullBlock(filePath: string, text: string): string {
  return `### ${filePath}\n\n${fenceText(text, languageOfPath(filePath))}`;
}

function renderWindow(lines: readonly string[], window: LineWindow, width: number): string {
  const shown: string[] = [];
  for (let index = window.start; index <= window.end; index++) {
    const line = lines[index] ?? '';
    const clipped = line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line;
    shown.push(`${String(index + 1).padStart(width)}  ${clipped}`);
  }
  return shown.join('\n');
}

/**
 * The excerpt block of one file in at most `maxTokens`: the windows around lines mentioning the
 * query terms, those mentioning the most terms first, shown in file order with `…` between them.
 * Undefined when not even one window fits.
 */
function excerptBlock(filePath: string, text: string, terms: readonly string[], maxTokens: number): string | undefined {
  const lines = text.split('\n');
  const found = findExcerptWindows(lines, terms, CONTEXT_LINES);
  const windows = found.length ? found : [{ start: 0, end: Math.min(HEAD_LINES, lines.length) - 1, hits: 0 }];
  if (windows[0]!.end < 0) return undefined;
  const width = String(lines.length).length;
  const title = `### ${filePath} (${found.length ? 'excerpts' : 'start'})`;
  // Fence, title and seams: a generous fixed allowance keeps the sum below the real count.
  let room = maxTokens - countTokens(title) - 12;
  const chosen: { window: LineWindow; text: string }[] = [];
  const byHits = [...windows].sort((a, b) => b.hits - a.hits || a.start - b.start);
  for (const window of byHits) {
    if (room < MIN_WINDOW_TOKENS) break;
    let rendered = renderWindow(lines, window, width);
    if (chosen.length > 0 && rendered.length > room * MAX_CHARS_PER_TOKEN) continue;
    let tokens = (countTokensWithin(rendered, room) ?? room) + 3;
    if (tokens > room && chosen.length === 0 && room > 20) {
      rendered = truncateToTokens(rendered, room - 3).text.trimEnd();
      tokens = countTokens(rendered) + 3;
    }
    if (tokens > room || !rendered) continue;
    chosen.push({ window, text: rendered });
    room -= tokens;
  }
  if (chosen.length === 0) return undefined;
  const body = chosen
    .sort((a, b) => a.window.start - b.window.start)
    .map((piece) => piece.text)
    .join('\n…\n');
  return `${title}\n\n${fenceText(body, languageOfPath(filePath))}`;
}

/**
 * Renders the files most relevant to the task within `budgetTokens`: the best files in full
 * while they fit (one file over `FULL_FILE_SHARE` of the budget or `maxFullFileTokens` is never
 * given in full), then excerpts of the next files around the lines that mention the query
 * terms, then the names of ranked files that did not fit. The note counts them
 * ("3 in full, 5 as excerpts, 12 ranked").
 */
export function renderRelevantFilesLayer(input: RelevantFilesInput, budgetTokens: number): RenderedLayer {
  if (input.ranked.length === 0) return emptyLayer('relevantFiles', 'no files ranked');
  const headerTokens = countTokens(HEADER) + 2;
  if (budgetTokens < headerTokens + MIN_EXCERPT_TOKENS / 4) return emptyLayer('relevantFiles', `${input.ranked.length} ranked, no room for any`);
  const fullCap = Math.min(input.maxFullFileTokens ?? Infinity, Math.floor(budgetTokens * FULL_FILE_SHARE));
  const ranked = [...input.ranked].sort(byScore);
  const blocks: string[] = [HEADER];
  const notShown: string[] = [];
  let used = headerTokens;
  let full = 0;
  let excerpts = 0;
  let unreadable = 0;
  let fullPhase = true;
  for (const [index, file] of ranked.entries()) {
    const remaining = budgetTokens - used;
    const text = remaining > 0 ? input.readText(file.path)?.replace(/\r\n/g, '\n') : '';
    if (text === undefined) {
      unreadable++;
      continue;
    }
    if (remaining <= 0) {
      notShown.push(file.path);
      continue;
    }
    if (fullPhase && text.length <= fullCap * MAX_CHARS_PER_TOKEN) {
      const block = fullBlock(file.path, text);
      const reserve = index < ranked.length - 1 ? Math.floor(budgetTokens * EXCERPT_RESERVE_SHARE) : 0;
      // Counting stops past the larger limit: a block over the cap or the room is not counted to its end.
      const counted = countTokensWithin(block, Math.max(fullCap, remaining - reserve) - 2);
      const tokens = counted === undefined ? Infinity : counted + 2;
      if (tokens <= fullCap && tokens <= remaining - reserve) {
        blocks.push(block);
        used += tokens;
        full++;
        continue;
      }
      // It is small enough to be given in full but the room is gone: the rest get excerpts.
      if (tokens <= fullCap) fullPhase = false;
    }
    const block = excerptBlock(file.path, text, input.queryTerms, Math.min(remaining - 2, Math.max(Math.floor(budgetTokens * EXCERPT_SHARE), MIN_EXCERPT_TOKENS)));
    if (block === undefined) {
      notShown.push(file.path);
      continue;
    }
    blocks.push(block);
    used += countTokens(block) + 2;
    excerpts++;
  }
  const listed = listNotShown(notShown, budgetTokens - used - 2);
  if (listed.line) blocks.push(listed.line);
  const parts = [`${full} in full`, `${excerpts} as excerpts`, `${ranked.length} ranked`];
  if (listed.count) parts.push(`${listed.count} named only`);
  if (unreadable) parts.push(`${unreadable} unreadable`);
  if (full + excerpts + listed.count === 0) return emptyLayer('relevantFiles', parts.join(', '));
  return finishLayer('relevantFiles', blocks.join('\n\n'), budgetTokens, parts.join(', '));
}

/** The line naming ranked files that were not shown, with as many names as fit in `maxTokens`. */
function listNotShown(paths: readonly string[], maxTokens: number): { line: string; count: number } {
  const lead = 'Also relevant, not shown: ';
  let line = '';
  let count = 0;
  for (const filePath of paths) {
    const next = `${line ? `${line}, ` : lead}${inlineCode(filePath)}`;
    if (countTokens(next) > maxTokens) break;
    line = next;
    count++;
  }
  return { line, count };
}
