import { execa } from 'execa';
import type { Static } from 'typebox';
import type { PulledTask as PulledTaskAnswer } from '../../api/schemas/external-work-schemas.js';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { childBaseEnv } from '../../process/child-env.js';
import { createLineSplitter } from '../../process/split-lines.js';
import { createLineTail } from '../../process/line-tail.js';
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
  const lines = createLineSplitter((line) => tail.push(line));
  const child = execa(argv[0]!, argv.slice(1), {
    cwd: task.worktreePath,
    input: prompt,
    all: true,
    buffer: false,
    reject: false,
    // The command gets what an agent gets, never this process's token or Temporal settings.
    extendEnv: false,
    env: {
      ...childBaseEnv(),
      RINGMASTER_TASK_ID: task.id,
      RINGMASTER_WORKER_ID: workerId,
      RINGMASTER_ITERATION: String(task.iteration),
      RINGMASTER_WORKTREE: task.worktreePath,
      // Like the command agent's, when this machine holds the worktree.
      ...(task.promptPath && fs.existsSync(task.promptPath) ? { RINGMASTER_PROMPT_FILE: task.promptPath } : {}),
    },
  });
  child.all?.on('data', (chunk: Buffer) => {
    echo.write(chunk);
    lines.push(chunk);
  });

  const stop = new AbortController();
  let lost: string | undefined;
  const beats = (async () => {
    for (;;) {
      try {
        await sleep(heartbeatIntervalMs(task.heartbeatTimeoutSeconds), undefined, { signal: stop.signal });
      } catch {
        return;
      }
      try {
        await client.post(`/api/tasks/${encodeURIComponent(task.id)}/heartbeat`, { workerId });
      } catch (err) {
        if (err instanceof ApiClientError && (err.status === 409 || err.status === 404)) {
          lost = err.message;
          child.kill();
          return;
        }
        // The API may be restarting: keep trying until the timeout decides.
        say(`heartbeat failed: ${(err as Error).message}`);
      }
    }
  })();
  const result = await child;
  stop.abort();
  await beats;
  lines.flush();

  const output = tail.text(4000);
  if (lost) return { reported: null, exitCode: result.exitCode ?? null, summary: lost };
  const how = result.failed ? (result.exitCode === undefined ? (result.signal ? `was killed by ${result.signal}` : `could not start: ${result.shortMessage}`) : `exited ${result.exitCode}`) : 'exited 0';
  const status = result.failed ? 'failed' : 'completed';
  const summary = `${argv.join(' ')} ${how}${output ? `\n${output}` : ''}`;
  await client.post(`/api/tasks/${encodeURIComponent(task.id)}/result`, { status, summary, workerId });
  return { reported: status, exitCode: result.exitCode ?? null, summary };
}
