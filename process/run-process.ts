// node:child_process rather than execa: stopping an agent means killing its whole process group
// (execa's cancelSignal stops only the direct child, then waits for grandchildren holding the pipes).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ProcessStartError } from './process-errors.js';
import { childBaseEnv } from '../process/child-env.js';
import { createRedactor } from './redact-secrets.js';
import { createLineSplitter } from '../process/split-lines.js';

/** How a process ended. */
export interface ProcessExit {
  exitCode: number | null;
  signal: string | null;
  /** Stopped by the runner because it ran past its time limit. */
  timedOut: boolean;
  /** Stopped by the runner because the caller aborted it. */
  cancelled: boolean;
  /** Stopped by the runner because it wrote no output for `idleTimeoutMs`. */
  stalled?: boolean;
  /** Stopped by the runner because `shouldStop` said so: its output had said enough. */
  stopRequested?: boolean;
}

/** Which pipe an output line came from. */
export type OutputStream = 'stdout' | 'stderr';

/** Default time between SIGTERM and SIGKILL when an agent is stopped. */
export const DEFAULT_KILL_GRACE_MS = 2000;
/** Prefix of stderr lines in the log file, so they can be told from stdout. */
export const STDERR_LOG_PREFIX = '[stderr] ';
// After the agent exits and its group is killed, how long the pipes may take to deliver the rest.
const PIPE_DRAIN_MS = 1000;

/** One agent process to run to its end. */
export interface RunProcessInput {
  command: string;
  args: readonly string[];
  cwd: string;
  /** Set on top of the allowlisted part of the worker's environment (childBaseEnv), which keeps PATH, HOME … */
  env?: Record<string, string>;
  /** More worker variables to pass on (an agent CLI's own configuration, e.g. `ANTHROPIC_*`). */
  passEnv?: readonly string[];
  /** Secret values: replaced with `[secret]` in every line written to the log or given to onLine. */
  redact?: readonly string[];
  /** Written to stdin, which is then closed; stdin is /dev/null when absent. */
  stdin?: string;
  /** Every output line is appended here (stderr lines prefixed with `[stderr] `); parent folders are created. None when absent. */
  logFile?: string;
  /** Called for every output line, in order per stream. An exception stops the process and is rethrown. */
  onLine?: (line: string, stream: OutputStream) => void;
  /** Called once the process runs, with its pid (also its process group id). */
  onSpawn?: (pid: number) => void;
  /** Aborting stops the process (SIGTERM to its group, SIGKILL after killGraceMs); the result says `cancelled`. */
  signal?: AbortSignal;
  /** Stops the process like an abort after this long; the result says `timedOut`. */
  timeoutMs?: number;
  /** Stops the process like an abort when it writes no output line for this long; the result says `stalled`. */
  idleTimeoutMs?: number;
  /** Asked after every output line; true stops the process like an abort, and the result says `stopRequested`. */
  shouldStop?: () => boolean;
  killGraceMs?: number;
}

/** How the process ended; a non-zero exit is a result like any other. */
export interface ProcessResult extends ProcessExit {
  durationMs: number;
  /** Null when the signal was already aborted and nothing was started. */
  pid: number | null;
}

interface Started {
  child: ChildProcess;
  pid: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function describeSpawnError(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return 'not found (is it installed and on PATH?)';
  if (error.code === 'EACCES') return 'permission denied (is it executable?)';
  return error.message;
}

async function checkWorkingDirectory(command: string, cwd: string): Promise<void> {
  // Without this, spawn reports a missing cwd as the command being ENOENT.
  const info = await stat(cwd).catch(() => undefined);
  if (!info?.isDirectory()) throw new ProcessStartError(command, 'ENOENT', `working directory ${cwd} does not exist`);
}

async function openLog(logFile: string): Promise<fs.WriteStream> {
  await mkdir(path.dirname(logFile), { recursive: true, mode: 0o700 });
  // Agent output can hold anything the agent read: readable by Ringmaster's user only.
  const log = fs.createWriteStream(logFile, { flags: 'a', mode: 0o600 });
  await new Promise<void>((resolve, reject) => {
    log.once('open', () => resolve());
    log.once('error', reject);
  });
  return log;
}

function closeLog(log: fs.WriteStream): Promise<void> {
  return new Promise((resolve) => log.end(resolve));
}

function start(input: RunProcessInput): Promise<Started> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => reject(new ProcessStartError(input.command, error.code, describeSpawnError(error), { cause: error }));
    let child: ChildProcess;
    try {
      child = spawn(input.command, [...input.args], {
        cwd: input.cwd,
        env: { ...childBaseEnv(process.env, input.passEnv), ...input.env },
        // Its own process group, so that stopping it stops everything it started.
        detached: true,
        stdio: [input.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      });
    } catch (error) {
      fail(error as NodeJS.ErrnoException);
      return;
    }
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
    child.on('error', fail);
    child.once('spawn', () => resolve({ child, pid: child.pid as number, exited }));
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: nothing is left in the group.
  }
}

/** Resolves when `promise` settles or after `ms`, whichever comes first. */
async function waitAtMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([
    promise.then(
      () => undefined,
      () => undefined,
    ),
    elapsed,
  ]);
  clearTimeout(timer);
}

/**
 * Runs one agent process to its end and returns how it ended: exit code or signal, whether it was
 * stopped for a timeout or an abort, duration and pid. Output goes line by line to the log file and
 * to `onLine`. Resolves once the process has exited and its group has been killed, never waiting
 * for grandchildren that hold the pipes. Throws ProcessStartError when the command cannot be started
 * (ENOENT, EACCES, no working directory); rethrows an exception from `onLine`/`onSpawn` after the
 * process is stopped, and a log file error.
 */
export async function runProcess(input: RunProcessInput): Promise<ProcessResult> {
  await checkWorkingDirectory(input.command, input.cwd);
  const log = input.logFile === undefined ? undefined : await openLog(input.logFile);
  let logError: Error | undefined;
  log?.on('error', (error) => (logError ??= error));
  try {
    if (input.signal?.aborted) return { exitCode: null, signal: null, timedOut: false, cancelled: true, durationMs: 0, pid: null };
    const { child, pid, exited } = await start(input);
    const startedAt = performance.now();
    let stopReason: 'timeout' | 'cancel' | 'callback' | 'stall' | 'requested' | undefined;
    let callbackError: { error: unknown } | undefined;
    let killTimer: NodeJS.Timeout | undefined;

    const stop = (reason: NonNullable<typeof stopReason>) => {
      // exitCode/signalCode are set before 'exit' is emitted: a process that just ended is not "stopped".
      if (stopReason || child.exitCode !== null || child.signalCode !== null) return;
      stopReason = reason;
      signalGroup(pid, 'SIGTERM');
      killTimer = setTimeout(() => signalGroup(pid, 'SIGKILL'), input.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
    };
    const callBack = (call: () => void) => {
      if (callbackError) return;
      try {
        call();
      } catch (error) {
        callbackError = { error };
        stop('callback');
      }
    };
    const scrub = createRedactor(input.redact ?? []);
    // One timer for the idle limit, not one per line: a line only notes when it came, and the
    // timer, when it fires early, waits again for what is left since the last line.
    let idleTimer: NodeJS.Timeout | undefined;
    let lastOutputAt = performance.now();
    const watchIdle = (waitMs: number) => {
      idleTimer = setTimeout(() => {
        const left = input.idleTimeoutMs! - (performance.now() - lastOutputAt);
        if (left > 0) watchIdle(left);
        else stop('stall');
      }, waitMs);
    };
    const deliver = (stream: OutputStream) => (raw: string) => {
      lastOutputAt = performance.now();
      const line = scrub(raw);
      log?.write(`${stream === 'stderr' ? STDERR_LOG_PREFIX : ''}${line}\n`);
      if (input.onLine) callBack(() => input.onLine?.(line, stream));
      if (input.shouldStop) callBack(() => input.shouldStop?.() && stop('requested'));
    };
    const stdout = createLineSplitter(deliver('stdout'));
    const stderr = createLineSplitter(deliver('stderr'));
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    // Listened for from the start: a pipe can close long before the process exits.
    const pipes = [child.stdout, child.stderr].filter((pipe): pipe is Readable => pipe !== null);
    const pipesClosed = Promise.all(pipes.map((pipe) => once(pipe, 'close')));

    if (input.stdin !== undefined && child.stdin) {
      // EPIPE when the process exits without reading all of its input: not our failure.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input.stdin);
    }
    const timeoutTimer = input.timeoutMs === undefined ? undefined : setTimeout(() => stop('timeout'), input.timeoutMs);
    if (input.idleTimeoutMs !== undefined) watchIdle(input.idleTimeoutMs);
    const onAbort = () => stop('cancel');
    input.signal?.addEventListener('abort', onAbort, { once: true });
    if (input.signal?.aborted) stop('cancel');
    callBack(() => input.onSpawn?.(pid));

    const { code, signal } = await exited;
    const durationMs = Math.round(performance.now() - startedAt);
    clearTimeout(timeoutTimer);
    clearTimeout(idleTimer);
    clearTimeout(killTimer);
    input.signal?.removeEventListener('abort', onAbort);
    // Whatever the agent left running goes with it; that also closes pipes its grandchildren held.
    signalGroup(pid, 'SIGKILL');
    await waitAtMost(pipesClosed, PIPE_DRAIN_MS);
    // Only a process that left the group (setsid) can still hold them now.
    child.stdout?.destroy();
    child.stderr?.destroy();
    stdout.flush();
    stderr.flush();

    if (callbackError) throw callbackError.error;
    if (logError) throw logError;
    return {
      exitCode: code,
      signal,
      timedOut: stopReason === 'timeout',
      cancelled: stopReason === 'cancel',
      ...(stopReason === 'stall' ? { stalled: true } : {}),
      ...(stopReason === 'requested' ? { stopRequested: true } : {}),
      durationMs,
      pid,
    };
  } finally {
    if (log) await closeLog(log);
  }
}
