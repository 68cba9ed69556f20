import { Option, type Command } from 'commander';
import { CommandLineError, toArgv } from '../../model/command-line.js';
import { EXTERNAL_RESULT_STATUSES } from '../../model/external-work.js';
import { UsageError } from '../cli-error.js';
import { clientFrom, withClientFlags, type ClientFlags } from '../client/client-from-flags.js';
import { heartbeatIntervalMs, runPulledTask, type PulledTask } from '../external/run-pulled-task.js';

/** Exit code of `pull` when no task is ready (0: a task was pulled, 1: an error, or with --run a failed command or a lost claim). */
export const NOTHING_READY_EXIT_CODE = 3;

const taskPath = (id: string, action: string) => `/api/tasks/${encodeURIComponent(id)}/${action}`;

function describePulled(task: PulledTask, workerId: string): string {
  return [
    `Pulled task ${task.id} (iteration ${task.iteration}) of ${task.project}: ${task.title}`,
    `  worktree   ${task.worktreePath}${task.branch ? ` (branch ${task.branch})` : ''}`,
    `  prompt     ringmaster build-prompt ${task.id}`,
    `  heartbeat  ringmaster heartbeat ${task.id} --worker ${workerId}   (at least every ${task.heartbeatTimeoutSeconds} s, or the task returns to the queue)`,
    `  report     ringmaster report-result ${task.id} --worker ${workerId} --status completed|failed --summary "…"`,
  ].join('\n');
}

/**
 * `ringmaster pull` (formerly `pull-bead`), `report-result` and `heartbeat`: the pull protocol of external workers
 * (tasks with agent `external`), through the API.
 */
export function registerExternalCommands(program: Command): void {
  withClientFlags(program.command('pull <external-worker-id>'))
    // Its name before tasks and external workers had one word each.
    .alias('pull-bead')
    .description(
      `claim the next ready task for an external worker (agent "external"), most urgent first; exit ${NOTHING_READY_EXIT_CODE} when none is ready. ` +
        'With --run, run a command in its worktree (prompt on stdin, heartbeats sent), then report completed on exit 0, else failed',
    )
    .option('--run <command>', 'the command to run in the worktree (split into words, never run through a shell)')
    .action(async (workerId: string, flags: ClientFlags & { run?: string }) => {
      let argv: string[] | undefined;
      try {
        argv = flags.run === undefined ? undefined : toArgv(flags.run);
      } catch (err) {
        if (err instanceof CommandLineError) throw new UsageError(`--run ${err.message}`);
        throw err;
      }
      const client = clientFrom(flags);
      const pulled = await client.post<{ task: PulledTask } | undefined>(`/api/external-workers/${encodeURIComponent(workerId)}/pull`, {});
      if (!pulled) {
        console.log(flags.json ? JSON.stringify({ task: null }) : `Nothing ready for worker ${workerId}.`);
        process.exitCode = NOTHING_READY_EXIT_CODE;
        return;
      }
      const { task } = pulled;
      if (!argv) return console.log(flags.json ? JSON.stringify(pulled, null, 2) : describePulled(task, workerId));

      const say = (line: string) => (flags.json ? process.stderr : process.stdout).write(`${line}\n`);
      say(
        `Pulled task ${task.id} (iteration ${task.iteration}) of ${task.project}: ${task.title}; running ${argv.join(' ')} in ${task.worktreePath}, heartbeat every ${heartbeatIntervalMs(task.heartbeatTimeoutSeconds) / 1000} s`,
      );
      const ran = await runPulledTask({ client, workerId, task, argv, echo: flags.json ? process.stderr : process.stdout, say });
      if (flags.json) console.log(JSON.stringify({ task, ...ran }, null, 2));
      else say(ran.reported ? `Reported ${ran.reported} for task ${task.id}; follow it with: ringmaster task show ${task.id}` : `Stopped: ${ran.summary}`);
      process.exitCode = ran.reported === 'completed' ? 0 : 1;
    });

  withClientFlags(program.command('report-result <task-id>'))
    .description('report how the work on a pulled task ended; the task goes on (tests, merge) as after any agent')
    .addOption(new Option('--status <status>', 'how the work ended').choices([...EXTERNAL_RESULT_STATUSES]).makeOptionMandatory())
    .option('--summary <text>', 'what was done, or why it failed')
    .option('--worker <worker-id>', 'the worker that pulled the task (refused when another holds the claim)')
    .action(async (taskId: string, flags: ClientFlags & { status: string; summary?: string; worker?: string }) => {
      const body = { status: flags.status, ...(flags.summary !== undefined ? { summary: flags.summary } : {}), ...(flags.worker ? { workerId: flags.worker } : {}) };
      const reported = await clientFrom(flags).post<{ taskId: string; workerId: string; status: string }>(taskPath(taskId, 'result'), body);
      console.log(flags.json ? JSON.stringify(reported, null, 2) : `Reported ${reported.status} for task ${taskId} (worker ${reported.workerId}); follow it with: ringmaster task show ${taskId}`);
    });

  withClientFlags(program.command('heartbeat <task-id>'))
    .description('tell Ringmaster a worker is still on the task it pulled; exit 1 when the claim was lost (stop working on it)')
    .option('--worker <worker-id>', 'the worker that pulled the task (refused when another holds the claim)')
    .action(async (taskId: string, flags: ClientFlags & { worker?: string }) => {
      const beat = await clientFrom(flags).post<{ taskId: string; workerId: string; heartbeatTimeoutSeconds: number }>(taskPath(taskId, 'heartbeat'), flags.worker ? { workerId: flags.worker } : {});
      console.log(flags.json ? JSON.stringify(beat, null, 2) : `Heartbeat for task ${taskId} (worker ${beat.workerId}); send the next within ${beat.heartbeatTimeoutSeconds} s`);
    });
}
