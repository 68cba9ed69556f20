import type { Command } from 'commander';
import type { PromptReport } from '../../model/prompt-report.js';
import { UsageError } from '../cli-error.js';
import { clientFrom, withClientFlags, type ClientFlags } from '../client/client-from-flags.js';
import { renderTable } from '../format/table.js';

interface BuiltPrompt {
  prompt: string;
  report: PromptReport;
}

/** The per-layer token report as a table, with the total against the budget. */
export function renderPromptReport(report: PromptReport): string {
  const rows = report.layers.map((l) => [l.layer, l.enabled ? String(l.tokens) : 'off', String(l.budget), l.note ?? '']);
  return [
    renderTable(['LAYER', 'TOKENS', 'BUDGET', 'NOTE'], rows, 100),
    `total ${report.total} of ${report.budget} tokens, built in ${Math.round(report.durationMs)} ms at ${report.commit ? report.commit.slice(0, 12) : '(no commit)'}`,
  ].join('\n');
}

interface BuildPromptFlags extends ClientFlags {
  project?: string;
  title?: string;
  description?: string;
  criterion?: string[];
}

/**
 * `ringmaster build-prompt <task-id>` and `ringmaster build-prompt --project <p> --title "…"`:
 * builds the enriched prompt through the API and prints it on stdout, the per-layer token
 * report on stderr (so the prompt can be piped to an agent); `--json` prints both as one object.
 */
export function registerBuildPromptCommand(program: Command): void {
  withClientFlags(program.command('build-prompt [task-id]'))
    .description("build the enriched prompt of a task's next iteration, or of a task not filed yet (--project, --title); prints the prompt and a per-layer token report")
    .option('--project <project>', 'project id or name (with --title, for a task not filed yet)')
    .option('--title <title>', 'task title (with --project)')
    .option('--description <text>', 'task description (with --project)')
    .option('--criterion <text>', 'an acceptance criterion (repeatable, with --project)', (value: string, all: string[] = []) => [...all, value])
    .action(async (taskId: string | undefined, flags: BuildPromptFlags) => {
      if (taskId && (flags.project || flags.title)) throw new UsageError('give either a task id or --project with --title, not both');
      if (!taskId && !(flags.project && flags.title)) throw new UsageError('give a task id, or --project <project> and --title "<title>"');
      const client = clientFrom(flags);
      const built = taskId
        ? await client.post<BuiltPrompt>(`/api/tasks/${encodeURIComponent(taskId)}/prompt`, {})
        : await client.post<BuiltPrompt>(`/api/projects/${encodeURIComponent(flags.project!)}/prompt`, {
            title: flags.title,
            ...(flags.description ? { description: flags.description } : {}),
            ...(flags.criterion?.length ? { acceptanceCriteria: flags.criterion } : {}),
          });
      if (flags.json) return console.log(JSON.stringify(built, null, 2));
      process.stdout.write(built.prompt.endsWith('\n') ? built.prompt : `${built.prompt}\n`);
      process.stderr.write(`\n${renderPromptReport(built.report)}\n`);
    });
}
