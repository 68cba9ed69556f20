import type { AgentRunSummary } from '../model/agent-outcome.js';
import type { AgentId } from '../model/agents.js';
import type { InvocationInput } from './agent-adapter.js';
import { getAdapter } from './get-adapter.js';
import { runProcess, type OutputStream, type ProcessResult } from '../process/run-process.js';
import { findAgentExecutable } from '../toolchain/agent-executable.js';

/** One iteration of an agent: what to run, where its output goes, and when to stop it. */
export interface RunAgentInput extends InvocationInput {
  agentId: AgentId;
  logFile: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Stops a run that writes no output for this long (outcome stalled). */
  stallMs?: number;
  killGraceMs?: number;
  /** Sees every output line too, e.g. for heartbeats or live logs; must not throw. */
  onLine?: (line: string, stream: OutputStream) => void;
  onSpawn?: (pid: number) => void;
  /** The task's secrets as environment variables; their values are redacted from the log and the summary. */
  secretEnv?: Record<string, string>;
}

/** What one iteration produced: the adapter's conclusion and how the process ended. */
export interface RunAgentResult {
  run: AgentRunSummary;
  process: ProcessResult;
}

/**
 * Runs one agent iteration: builds the invocation with the agent's adapter, runs it in its own
 * process group and parses its output as it comes. A failed or killed run is a result, not an
 * exception. Throws AgentConfigError for unusable options and ProcessStartError when the CLI
 * cannot be started.
 */
export async function runAgent(input: RunAgentInput): Promise<RunAgentResult> {
  const { agentId, logFile, signal, timeoutMs, stallMs, killGraceMs, onLine, onSpawn, secretEnv = {}, ...invocationInput } = input;
  const adapter = getAdapter(agentId);
  const invocation = adapter.buildInvocation(invocationInput);
  const parser = adapter.createParser();
  const env = { ...secretEnv, ...invocation.env };
  // Looked up on the PATH the CLI will get (a task may set its own), then in the tools dir; not
  // found anywhere, it is left as it is, so the start error names the executable.
  const lookupEnv = { ...globalThis.process.env, ...env };
  const command = adapter.executable === invocation.command ? (findAgentExecutable(invocation.command, lookupEnv) ?? invocation.command) : invocation.command;
  const process = await runProcess({
    ...invocation,
    command,
    env,
    // Values of tasks filed before secrets were sealed still arrive in options.env.
    redact: [...Object.values(secretEnv), ...Object.values(invocationInput.options.env ?? {})],
    logFile,
    signal,
    timeoutMs,
    ...(stallMs !== undefined ? { idleTimeoutMs: stallMs } : {}),
    killGraceMs,
    onSpawn,
    onLine: (line, stream) => {
      parser.push(line, stream);
      onLine?.(line, stream);
    },
    ...(parser.wantsStop ? { shouldStop: () => parser.wantsStop?.() === true } : {}),
  });
  return { run: parser.finish(process), process };
}
