import { readTextPrefix } from './read-text-prefix.js';
import { readmeStart } from './readme-start.js';

/** What an instruction file is, in the order the instructions layer gives them. */
export type InstructionKind = 'agent' | 'contributing' | 'readme';

/** One file the project keeps for the people and agents who work on it. */
export interface InstructionFile {
  /** Path relative to the worktree, as found (`AGENTS.md`, `.github/CONTRIBUTING.md`). */
  file: string;
  kind: InstructionKind;
  /** The text read (for a README, its start); never empty. */
  text: string;
  /** True when the file goes on beyond `text`. */
  cut: boolean;
}

/** The most bytes read from one file: far more than its share of a prompt ever is. */
export const MAX_INSTRUCTION_BYTES = 64 * 1024;

const SOURCES: readonly { kind: InstructionKind; files: readonly string[]; all: boolean }[] = [
  { kind: 'agent', files: ['AGENTS.md', 'CLAUDE.md', '.github/copilot-instructions.md'], all: true },
  { kind: 'contributing', files: ['CONTRIBUTING.md', '.github/CONTRIBUTING.md', 'docs/CONTRIBUTING.md'], all: false },
  { kind: 'readme', files: ['README.md', 'README', 'readme.md', 'README.rst', 'README.txt'], all: false },
];

/**
 * Reads the project's instructions from `dir` (a worktree): every agent instruction file
 * (AGENTS.md, CLAUDE.md, .github/copilot-instructions.md), the first contributing guide found
 * and the start of the first README found (title, intro, first two `##` sections). At most
 * `maxBytes` of each file are read. Files that are missing, empty, binary, not regular files or
 * symbolic links leading outside `dir` are skipped; never throws.
 */
export function readInstructionFiles(dir: string, maxBytes = MAX_INSTRUCTION_BYTES): InstructionFile[] {
  const found: InstructionFile[] = [];
  for (const source of SOURCES) {
    for (const file of source.files) {
      const prefix = readTextPrefix(dir, file, maxBytes);
      if (!prefix) continue;
      const text = source.kind === 'readme' ? readmeStart(prefix.text, file) : prefix.text.trim();
      if (!text) continue;
      const cut = prefix.cut || (source.kind === 'readme' && text.length < prefix.text.trim().length);
      found.push({ file, kind: source.kind, text, cut });
      if (!source.all) break;
    }
  }
  return found;
}
