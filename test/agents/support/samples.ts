import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OutputParser } from '../../../agents/agent-adapter.js';
import type { OutputStream, ProcessExit } from '../../../process/run-process.js';

const SAMPLES_DIR = fileURLToPath(new URL('../../fixtures/agent-samples/', import.meta.url));

export type SampleTool = 'claude-code' | 'codex' | 'gemini' | 'opencode' | 'aider';

/** The text of a recorded sample (see test/fixtures/agent-samples/README.md). */
export function sampleText(tool: SampleTool, file: string): string {
  return fs.readFileSync(`${SAMPLES_DIR}${tool}/${file}`, 'utf8');
}

/** The lines of a recorded line-per-event sample, without the empty string after the last newline. */
export function sampleLines(tool: SampleTool, file: string): string[] {
  const lines = sampleText(tool, file).split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** A sample pretty-printed by its author, back on one line as the CLI prints it. */
export function sampleAsOneLine(tool: SampleTool, file: string): string {
  return JSON.stringify(JSON.parse(sampleText(tool, file)));
}

const SESSION_HEADER = '# aider chat started at ';

/**
 * The console lines of one session of aider's chat history: `> ` lines are what aider printed
 * (blockquote marker and the two trailing spaces removed), other lines are the model's answer;
 * the user's `####` lines and the logged command line were never printed.
 */
export function aiderSessionLines(startedAt: string): string[] {
  const text = sampleText('aider', 'Aider-AI-aider__tests-fixtures-chat-history__sessions.md');
  const start = text.indexOf(`${SESSION_HEADER}${startedAt}\n`);
  if (start < 0) throw new Error(`no aider session started at ${startedAt}`);
  const end = text.indexOf(SESSION_HEADER, start + SESSION_HEADER.length);
  const lines = text
    .slice(start, end < 0 ? undefined : end)
    .split('\n')
    .slice(1);
  const commandLine = lines.findIndex((line) => line.startsWith('> '));
  return lines.filter((line, index) => index !== commandLine && !line.startsWith('####')).map((line) => (line.startsWith('>') ? line.replace(/^> ?/, '').replace(/ {2}$/, '') : line));
}

/** Feeds every line to the parser and returns it. */
export function feed(parser: OutputParser, lines: readonly string[], stream: OutputStream = 'stdout'): OutputParser {
  for (const line of lines) parser.push(line, stream);
  return parser;
}

/** A process that exited on its own with `exitCode`. */
export function exitedWith(exitCode: number): ProcessExit {
  return { exitCode, signal: null, timedOut: false, cancelled: false };
}

/** A process the runner stopped at its time limit. */
export const TIMED_OUT: ProcessExit = { exitCode: null, signal: 'SIGTERM', timedOut: true, cancelled: false };
/** A process the runner stopped because the task was cancelled. */
export const CANCELLED: ProcessExit = { exitCode: null, signal: 'SIGTERM', timedOut: false, cancelled: true };
