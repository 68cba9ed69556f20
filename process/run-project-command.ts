import { describeCommandEnd, FAILURE_TAIL, PROJECT_COMMAND_TIMEOUT_MS } from './describe-command-end.js';
import { ProcessStartError } from './process-errors.js';
import { readLogTail } from './read-log-tail.js';
import { runProcess, type RunProcessInput } from './run-process.js';

/** One of a project's own commands (setup, tests, build, reload) to run in a directory. */
export interface ProjectCommand extends Omit<RunProcessInput, 'command' | 'args' | 'timeoutMs' | 'logFile'> {
  /** What it is, for its failure: `setup command`, `test command`, `build command` … */
  what: string;
  argv: readonly string[];
  /** Its output, whose tail a failure quotes. */
  logFile: string;
  /** Default PROJECT_COMMAND_TIMEOUT_MS. */
  timeoutMs?: number;
}

/** How a project command ended. */
export type ProjectCommandResult =
  | { ok: true; cancelled: false; durationMs: number }
  | {
      ok: false;
      /** Stopped by the caller's signal: nothing to report, the caller decides what it means. */
      cancelled: boolean;
      /** Null when it did not start, or was killed by a signal. */
      exitCode: number | null;
      /** `exit 2`, `timed out after 60 minutes`, `cannot start npm: not found …` */
      end: string;
      /** The end of its output (stderr lines prefixed `[stderr] `). */
      outputTail: string;
      /** One sentence for an error: `test command ["npm","test"] failed (exit 1): <tail>`. */
      failure: string;
    };

/**
 * Runs a project command to its end, its output in `logFile`. A command that cannot start, exits
 * non-zero, is killed or runs past its time limit is a failed result in one vocabulary, never an
 * exception; only a log file error or a callback's exception is thrown.
 */
export async function runProjectCommand(command: ProjectCommand): Promise<ProjectCommandResult> {
  const { what, argv, timeoutMs = PROJECT_COMMAND_TIMEOUT_MS, ...rest } = command;
  const failed = (end: string, cancelled: boolean, exitCode: number | null = null): ProjectCommandResult => {
    const outputTail = readLogTail(command.logFile, FAILURE_TAIL.lines, FAILURE_TAIL.chars);
    return { ok: false, cancelled, exitCode, end, outputTail, failure: `${what} ${JSON.stringify(argv)} failed (${end})${outputTail ? `: ${outputTail}` : ''}` };
  };
  if (!argv.length) return failed('no command given', false);
  let result;
  try {
    result = await runProcess({ ...rest, command: argv[0]!, args: argv.slice(1), timeoutMs });
  } catch (err) {
    if (err instanceof ProcessStartError) return failed(describeCommandEnd({ startError: err.message }), false);
    throw err;
  }
  if (result.exitCode === 0 && !result.timedOut && !result.cancelled) return { ok: true, cancelled: false, durationMs: result.durationMs };
  return failed(result.cancelled ? 'cancelled' : describeCommandEnd(result, timeoutMs), result.cancelled, result.exitCode);
}
