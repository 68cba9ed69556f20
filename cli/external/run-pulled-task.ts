import type { Static } from 'typebox';
import type { PulledTask as PulledTaskAnswer } from '../../api/schemas/external-work-schemas.js';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLineTail } from '../../process/line-tail.js';
import { ProcessStartError } from '../../process/process-errors.js';
import { runProcess, type ProcessExit } from '../../process/run-process.js';
import { ApiClientError, type ApiClient } from '../../host-link/api-client.js';

/** The task `POST /api/workers/:id/pull` answers with. */
export type PulledTask = Static<typeof PulledTaskAnswer>['task'];

export interface RunPulledTaskInput {
  client: ApiClient;
  workerId: string;
  task: PulledTask;
  argv: string[];
  /** Where the command's output is echoed as it runs. */
  echo: NodeJS.WritableStream;
  /** Progress messages for the person watching. */
  say: (line: string) => void;
}

export interface RunPulledTaskResult {
  /** What was reported, or null when the claim was lost and nothing could be reported. */
  reported: 'completed' | 'failed' | null;
  exitCode: number | null;
  summary: string;
}

/** Heartbeat well within the timeout: a third of it, between 1 and 10 seconds. */
export function heartbeatIntervalMs(timeoutSeconds: number): number {
  return Math.round(Math.min(10, Math.max(1, timeoutSeconds / 3)) * 1000);
}

/** The prompt this iteration got from the workflow, else one built now. */
async function promptOf(client: ApiClient, task: PulledTask): Promise<string> {
  const { prompts } = await client.get<{ prompts: { iteration: number; text: string }[] }>(task.promptUrl);
  const own = prompts.find((p) => p.iteration === task.iteration);
  return own ? own.text : (await client.post<{ prompt: string }>(task.promptUrl, {})).prompt;
}

/**
 * Runs `argv` (never through a shell) in the pulled task's worktree with its prompt on stdin,
 * heart-beating while it runs, then reports completed on exit 0 and failed otherwise with the
 * output's tail as summary. A lost claim (409 on a heartbeat) stops the command and reports nothing.
 */
export async function runPulledTask(input: RunPulledTaskInput): Promise<RunPulledTaskResult> {
  const { client, workerId, task, argv, echo, say } = input;
  const prompt = await promptOf(client, task);
  const tail = createLineTail(20);
  const stop = new AbortController();
  let lost: string | undefined;
  const running = runProcess({
    command: argv[0]!,
    args: argv.slice(1),
    cwd: task.worktreePath,
    stdin: prompt,
    // On top of what an agent gets, never this process's token or Temporal settings.
    env: {
      RINGMASTER_TASK_ID: task.id,
      RINGMASTER_WORKER_ID: workerId,
      RINGMASTER_ITERATION: String(task.iteration),
      RINGMASTER_WORKTREE: task.worktreePath,
      // Like the command agent's, when this machine holds the worktree.
      ...(task.promptPath && fs.existsSync(task.promptPath) ? { RINGMASTER_PROMPT_FILE: task.promptPath } : {}),
    },
    onLine: (line) => {
      echo.write(`${line}\n`);
      tail.push(line);
    },
    signal: stop.signal,
  }).then(
    (exit): { exit: ProcessExit } | { startError: string } => ({ exit }),
    (err: unknown) => {
      if (err instanceof ProcessStartError) return { startError: err.message };
      throw err;
    },
  );

  const beating = new AbortController();
  const beats = (async () => {
    for (;;) {
      try {
        await sleep(heartbeatIntervalMs(task.heartbeatTimeoutSeconds), undefined, { signal: beating.signal });
      } catch {
        return;
      }
      try {
        await client.post(`/api/tasks/${encodeURIComponent(task.id)}/heartbeat`, { workerId });
      } catch (err) {
        if (err instanceof ApiClientError && (err.status === 409 || err.status === 404)) {
          lost = err.message;
          stop.abort();
          return;
        }
        // The API may be restarting: keep trying until the timeout decides.
        say(`heartbeat failed: ${(err as Error).message}`);
      }
    }
  })();
  const result = await running.finally(() => beating.abort());
  await beats;

  const output = tail.text(4000);
  const exitCode = 'exit' in result ? result.exit.exitCode : null;
  if (lost) return { reported: null, exitCode, summary: lost };
  const how = 'startError' in result ? `could not start: ${result.startError}` : result.exit.exitCode !== null ? `exited ${result.exit.exitCode}` : `was killed by ${result.exit.signal}`;
  const status = exitCode === 0 ? 'completed' : 'failed';
  const summary = `${argv.join(' ')} ${how}${output ? `\n${output}` : ''}`;
  await client.post(`/api/tasks/${encodeURIComponent(task.id)}/result`, { status, summary, workerId });
  return { reported: status, exitCode, summary };
}
