import { countTokens } from '../tokens.js';
import { emptyLayer, finishLayer, type RenderedLayer } from './layer-output.js';
import type { InstructionFile, InstructionKind } from './read-instruction-files.js';
import { truncateWithMarker } from './truncate-text.js';

/** The instruction files read from the worktree (see `readInstructionFiles`). */
export interface InstructionsLayerInput {
  files: InstructionFile[];
}

const KIND_ORDER: Record<InstructionKind, number> = { agent: 0, contributing: 1, readme: 2 };

// Below this many tokens for its text, a file is left out rather than shown as a stub.
const MIN_BODY_TOKENS = 24;

function heading(file: InstructionFile): string {
  switch (file.kind) {
    case 'agent':
      return `## The project's instructions (${file.file})`;
    case 'contributing':
      return `## The project's contributing guide (${file.file})`;
    default:
      return `## The project's README (${file.file}, start)`;
  }
}

const cutMarker = (file: string) => `[… cut to fit the prompt; read ${file} in the worktree for the rest]`;

/**
 * Renders the project's instruction files, agent instructions first (they matter most), then the
 * contributing guide, the README last; each is cut to what is left of the budget with a marker,
 * and a file repeating an earlier one (CLAUDE.md linking to AGENTS.md) is given once. The note
 * names the files cut, repeated or left out.
 */
export function renderInstructionsLayer(input: InstructionsLayerInput, budgetTokens: number): RenderedLayer {
  const files = [...input.files].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  if (files.length === 0) return emptyLayer('instructions', 'no instruction files or README');
  const sections: string[] = [];
  const remarks: string[] = [];
  const seen = new Map<string, string>();
  let used = 0;
  for (const file of files) {
    const same = seen.get(file.text);
    if (same !== undefined) {
      remarks.push(`${file.file} same as ${same}`);
      continue;
    }
    const head = heading(file);
    // Two tokens of slack for the seams between and inside sections.
    const room = budgetTokens - used - countTokens(`${head}\n\n`) - 2;
    if (room < MIN_BODY_TOKENS) {
      remarks.push(`${file.file} left out`);
      continue;
    }
    const marker = cutMarker(file.file);
    // A file read only in part says so even when its part fits.
    const body = truncateWithMarker(file.cut ? `${file.text}\n${marker}` : file.text, room, marker);
    if (!body.text) {
      remarks.push(`${file.file} left out`);
      continue;
    }
    if (body.truncated || file.cut) remarks.push(`${file.file} cut`);
    seen.set(file.text, file.file);
    const section = `${head}\n\n${body.text}`;
    sections.push(section);
    used += countTokens(section) + 2;
  }
  const shown = sections.length;
  const note = [`${shown} of ${files.length} files`, ...remarks].join('; ');
  return finishLayer('instructions', sections.join('\n\n'), budgetTokens, note);
}
