import fs from 'node:fs';
import type { taskFiles } from '../../config/task-files.js';
import type { PromptReport } from '../../model/prompt-report.js';

function readJson(file: string): PromptReport | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as PromptReport;
  } catch {
    return null;
  }
}

/** The prompt of iteration `n` and its token report, or nothing when that prompt was never written. */
export function readPrompt(files: ReturnType<typeof taskFiles>, n: number): { iteration: number; text: string; report: PromptReport | null }[] {
  const file = files.prompt(n);
  if (!fs.existsSync(file)) return [];
  return [{ iteration: n, text: fs.readFileSync(file, 'utf8'), report: readJson(files.promptReport(n)) }];
}
