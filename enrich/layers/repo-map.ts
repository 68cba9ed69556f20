import type { FileSymbols } from '../symbols/code-symbol.js';
import { countTokens } from '../tokens.js';
import { fenceText } from './fence-text.js';
import { finishLayer, type RenderedLayer } from './layer-output.js';
import { type SymbolSection, fitSymbolSections, symbolSection } from './repo-map-symbols.js';
import { type TreeDetail, renderRepoTree } from './repo-map-tree.js';

/** What the repository map is drawn from. */
export interface RepoMapInput {
  /** Every tracked path, in any order. */
  files: string[];
  /** The paths most relevant to the task, best first. */
  focus: string[];
  /** A file's symbols, or undefined when it has none or was not read. */
  symbolsOf: (path: string) => FileSymbols | undefined;
  budgetTokens: number;
}

const HEADING = '## Repository map';
/** Tree detail from richest to barest; the richest that fits is drawn. */
const TREE_DETAIL: readonly TreeDetail[] = [
  { maxOtherFiles: 20, otherDirectories: true },
  { maxOtherFiles: 5, otherDirectories: true },
  { maxOtherFiles: 0, otherDirectories: true },
  { maxOtherFiles: 0, otherDirectories: false },
];
/** The tree's share of the budget while focus files still wait for their symbols. */
const TREE_SHARE = 0.4;

/**
 * The repository map layer: a condensed tree of the repository (directories holding focus files
 * expanded, others as `dir/ (N files)`), then the signatures of the focus files' symbols in
 * focus order (exported first, methods under their class), as many as fit in `budgetTokens`.
 * Pure and deterministic; text '' (0 tokens) when there are no files or the budget is too small.
 */
export function renderRepoMap(input: RepoMapInput): RenderedLayer & { note: string } {
  const budget = Number.isFinite(input.budgetTokens) ? Math.floor(input.budgetTokens) : 0;
  const focusPaths = [...new Set(input.focus)];
  const paths = [...new Set([...input.files, ...focusPaths].map(normalisePath).filter((path) => path.length > 0))];
  if (paths.length === 0) return empty('no files');
  const sections = focusPaths.map((path) => symbolSection(path, input.symbolsOf(path)?.defines ?? [])).filter((section): section is SymbolSection => section !== null);

  const counted = `${paths.length} ${paths.length === 1 ? 'file' : 'files'}`;
  const intro = focusPaths.length > 0 ? `${counted}; directories holding the files most relevant to the task are expanded, those files marked *.` : `${counted}.`;
  const fixedTokens = countTokens(`${HEADING}\n\n${intro}\n\n`);
  const focus = new Set(focusPaths.map(normalisePath));
  const variants = TREE_DETAIL.map((detail) => blockOf(renderRepoTree(paths, focus, detail)));
  const treeRoom = sections.length > 0 ? Math.floor((budget - fixedTokens) * TREE_SHARE) : budget - fixedTokens;
  let tree = variants.find((variant) => variant.tokens <= treeRoom) ?? shortenBlock(variants.at(-1)!.lines, treeRoom);
  if (tree.lines.length === 0) return empty(`${counted}, budget too small`);

  const listing = fitSymbolSections(sections, budget - fixedTokens - tree.tokens - 2);
  // What the symbols left unused may buy a richer tree.
  const spare = budget - fixedTokens - tree.tokens - 2 - listing.tokens;
  const treeBudget = tree.tokens + spare;
  tree = variants.find((variant) => variant.tokens <= treeBudget) ?? shortenBlock(variants.at(-1)!.lines, treeBudget);

  const noteParts = [`${counted}, ${listing.files} with symbols`];
  if (listing.files < sections.length) noteParts.push(`${sections.length - listing.files} more left out for the budget`);
  if (listing.shortened > 0) noteParts.push(`${listing.shortened} shortened`);
  const note = noteParts.join(', ');
  const compose = (symbolLines: string[]): string =>
    [HEADING, intro, fenceText(tree.lines.join('\n'), 'text'), ...(symbolLines.length > 0 ? [fenceText(symbolLines.join('\n'), 'text')] : [])].join('\n\n');
  // Token counts of pieces are not exactly additive; give back symbol lines until the whole fits.
  let kept = listing.lines.length;
  let text = compose(listing.lines);
  while (countTokens(text) > budget && kept > 0) {
    kept -= 1;
    text = compose(listing.lines.slice(0, kept));
  }
  if (countTokens(text) > budget) return empty(`${counted}, budget too small`);
  return { ...finishLayer('repoMap', text, budget), note };
}

function empty(note: string): RenderedLayer & { note: string } {
  return { layer: 'repoMap', text: '', tokens: 0, note };
}

/** Lines in a fenced block and what the block costs. */
interface Block {
  lines: string[];
  tokens: number;
}

function blockOf(lines: string[]): Block {
  return { lines, tokens: countTokens(fenceText(lines.join('\n'), 'text')) };
}

/** The first lines that fit in `room` tokens as a fenced block, ending with `…` when cut; none when nothing fits. */
function shortenBlock(lines: string[], room: number): Block {
  const kept: string[] = [];
  let tokens = countTokens(fenceText('…', 'text'));
  for (const line of lines) {
    const cost = countTokens(`${line}\n`);
    if (tokens + cost > room) break;
    kept.push(line);
    tokens += cost;
  }
  if (kept.length === 0) return { lines: [], tokens: 0 };
  return blockOf(kept.length < lines.length ? [...kept, '…'] : kept);
}

/** `./a//b` → `a/b`, so the tree does not split one directory in two. */
function normalisePath(path: string): string {
  return path
    .split('/')
    .filter((part) => part.length > 0 && part !== '.')
    .join('/');
}
