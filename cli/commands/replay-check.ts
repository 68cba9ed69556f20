import { Connection } from '@temporalio/client';
import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import path from 'node:path';
import { ConfigError } from '../../config/config-error.js';
import type { Settings, SettingsFlags } from '../../config/settings.js';
import { connectionOptions } from '../../temporal/connection-options.js';
import { checkReplay, ReplayCheckError, ReplayCheckErrorKind, type ReplayCheckResult } from '../../worker/replay-check.js';
import { builtBundlePath } from '../../worker/workflow-bundle.js';
import { UsageError } from '../cli-error.js';
import { settingsFrom } from '../settings-from.js';

interface ReplayCheckFlags extends SettingsFlags {
  hours?: string;
  taskQueue?: string;
  max?: string;
  workflowBundle?: string;
  json?: boolean;
}

const DEFAULT_HOURS = 24;
const DEFAULT_MAX = 1000;
const CONNECT_TIMEOUT_MS = 5000;

function parseNumber(text: string | undefined, flag: string, fallback: number, integer: boolean): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || (integer && (!Number.isInteger(value) || value < 1))) {
    throw new UsageError(`${flag} must be ${integer ? 'a whole number above 0' : 'a number of hours, 0 or more'}, got "${text}"`);
  }
  return value;
}

// --task-queue goes through the same validation as RINGMASTER_TASK_QUEUE.
function settingsWithQueue(flags: ReplayCheckFlags): Settings {
  if (flags.taskQueue === undefined) return settingsFrom(flags);
  try {
    return settingsFrom(flags, { ...process.env, RINGMASTER_TASK_QUEUE: flags.taskQueue });
  } catch (err) {
    if (err instanceof ConfigError && err.setting === 'RINGMASTER_TASK_QUEUE') throw new UsageError(`--task-queue${err.message.slice(err.setting.length)}`);
    throw err;
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The readable report: one summary line, then one line per failing history. */
export function formatReplayCheck(result: ReplayCheckResult, context: { bundle: string; taskQueue: string; hours: number }): string {
  const what = `${result.checked} ${result.checked === 1 ? 'history' : 'histories'} of ${context.taskQueue} (${result.running} running, ${result.closed} closed within ${context.hours} h)`;
  const lines = result.failures.length
    ? [`replay-check: FAIL: ${result.failures.length} of ${what} did not replay with ${context.bundle} (${seconds(result.timings.totalMs)}); these workflows would break:`]
    : [`replay-check: ok: ${what} replay with ${context.bundle} in ${seconds(result.timings.totalMs)}`];
  for (const failure of result.failures) {
    lines.push(`  ${failure.kind.padEnd(14)} ${failure.workflowId} (${failure.workflowType}, ${failure.running ? 'running' : 'closed'}, run ${failure.runId}): ${failure.error.replace(/\s+/g, ' ')}`);
  }
  if (result.truncated) lines.push(`  note: more runs matched; only the first ${result.checked + result.vanished} were checked (raise --max)`);
  if (result.vanished) lines.push(`  note: ${result.vanished} listed run(s) were deleted before their history could be read`);
  return lines.join('\n');
}

/**
 * `ringmaster replay-check`: replays the task queue's running and recently closed workflows with
 * this build's workflow bundle. Exit code 0 when every history replays, 1 when one does not (the
 * workflow ids are listed) or when the check cannot run (one line on stderr).
 */
export async function replayCheckCommand(flags: ReplayCheckFlags): Promise<void> {
  const settings = settingsWithQueue(flags);
  const hours = parseNumber(flags.hours, '--hours', DEFAULT_HOURS, false);
  const maxHistories = parseNumber(flags.max, '--max', DEFAULT_MAX, true);
  const bundle = path.resolve(flags.workflowBundle ?? builtBundlePath());
  const debug = settings.logLevel === 'debug' || settings.logLevel === 'trace';
  // The report carries every replay failure; the SDK would also log each one (as an error), so its
  // logs go to stderr only with --log-level debug. Core logs go straight to stderr: forwarding them
  // polls on a timer that keeps the process alive. No shutdown signals: SIGTERM ends the check at once.
  Runtime.install({
    logger: debug ? new DefaultLogger('DEBUG') : new DefaultLogger('ERROR', () => undefined),
    telemetryOptions: { logging: { console: {}, filter: makeTelemetryFilterString({ core: debug ? 'DEBUG' : 'ERROR', other: 'ERROR' }) } },
    shutdownSignals: [],
  });

  let result: ReplayCheckResult;
  try {
    result = await runCheck(settings, { bundle, hours, maxHistories });
  } catch (err) {
    if (!(err instanceof ReplayCheckError)) throw err;
    console.error(`ringmaster: replay-check: ${err.message}`);
    process.exitCode = 1;
    return;
  }
  console.log(
    flags.json
      ? JSON.stringify({ ok: result.failures.length === 0, bundle, taskQueue: settings.taskQueue, namespace: settings.temporal.namespace, hours, ...result }, null, 2)
      : formatReplayCheck(result, { bundle, taskQueue: settings.taskQueue, hours }),
  );
  if (result.failures.length) process.exitCode = 1;
}

async function runCheck(settings: Settings, options: { bundle: string; hours: number; maxHistories: number }): Promise<ReplayCheckResult> {
  const { address, namespace } = settings.temporal;
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...connectionOptions(settings.temporal), connectTimeout: CONNECT_TIMEOUT_MS });
  } catch (err) {
    throw new ReplayCheckError(ReplayCheckErrorKind.unreachable, `cannot reach Temporal at ${address}: ${(err as Error).message}`, { cause: err });
  }
  try {
    return await checkReplay({
      connection,
      namespace,
      taskQueue: settings.taskQueue,
      workflowBundlePath: options.bundle,
      closedWithinHours: options.hours,
      maxHistories: options.maxHistories,
    });
  } finally {
    await connection.close();
  }
}
