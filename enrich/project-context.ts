import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';

/** What a worktree tells an agent about its project before it starts. */
export interface ProjectContext {
  /** Instruction files the project keeps for agents (AGENTS.md, CLAUDE.md), each capped. */
  instructions: { file: string; text: string }[];
  /** The start of the README. */
  readme: string | undefined;
  /** Tracked files, up to a limit, and how many there are in all. */
  files: string[];
  fileCount: number;
}

const INSTRUCTION_FILES = ['AGENTS.md', 'CLAUDE.md', '.github/copilot-instructions.md'];
const README_FILES = ['README.md', 'README', 'readme.md', 'README.rst', 'README.txt'];

function readCapped(file: string, maxChars: number): string | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.length > maxChars ? `${text.slice(0, maxChars)}\n[… ${text.length - maxChars} more characters]` : text;
  } catch {
    return undefined;
  }
}

/**
 * Reads the project's agent instructions, README start and tracked file list from `worktree`.
 * Missing files are skipped; a worktree git cannot list gives an empty file list.
 */
export async function readProjectContext(worktree: string, limits = { instructionChars: 8000, readmeChars: 3000, files: 300 }): Promise<ProjectContext> {
  const instructions = INSTRUCTION_FILES.flatMap((file) => {
    const text = readCapped(path.join(worktree, file), limits.instructionChars);
    return text === undefined ? [] : [{ file, text }];
  });
  const readme = README_FILES.map((file) => readCapped(path.join(worktree, file), limits.readmeChars)).find((text) => text !== undefined);
  let all: string[] = [];
  try {
    const { stdout } = await execa('git', ['ls-files'], { cwd: worktree });
    all = stdout.split('\n').filter(Boolean);
  } catch {
    all = [];
  }
  return { instructions, readme, files: all.slice(0, limits.files), fileCount: all.length };
}
