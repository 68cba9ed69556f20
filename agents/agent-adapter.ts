import type { AgentRunSummary } from '../model/agent-outcome.js';
import type { AgentId } from '../model/agents.js';
import type { AgentOptions } from '../model/task-input.js';
import type { OutputStream, ProcessExit } from '../process/run-process.js';

/** What an adapter needs to build one run of its CLI. */
export interface InvocationInput {
  /** The full prompt text. */
  prompt: string;
  /** Absolute path of a file holding the same prompt (for CLIs that read a file). */
  promptFile: string;
  /** The agent's working directory: the task's worktree. */
  worktree: string;
  options: AgentOptions;
  /** Per-iteration turn cap, for CLIs that support one. */
  maxTurns?: number;
  /** Remaining budget in USD, for CLIs that support a spend cap. */
  budgetUsd?: number;
  /** The session (conversation) to continue, for adapters that resume; the prompt is then only what is new. */
  resumeSession?: string;
}

/** One process to start: an argv array (never a shell string), its directory, environment and input. */
export interface Invocation {
  command: string;
  args: string[];
  cwd: string;
  /** Variables set on top of the allowlisted part of the worker's environment (PATH, HOME … are kept). */
  env: Record<string, string>;
  /** Worker variables the CLI reads its configuration and credentials from (`NAME` or `PREFIX_*`). */
  passEnv?: readonly string[];
  /** Written to the process's stdin, which is then closed; stdin is /dev/null when absent. */
  stdin?: string;
}

/** Reads one run's output line by line and concludes how the run went. */
export interface OutputParser {
  /** Takes one output line (without its newline); never throws, whatever the line holds. */
  push(line: string, stream: OutputStream): void;
  /** Returns the outcome, summary and usage from everything pushed and how the process ended. */
  finish(exit: ProcessExit): AgentRunSummary;
  /**
   * True once the output shows the run cannot succeed and only the CLI's own retrying would go on
   * (Aider's minute of backoff on a rate limit): the runner then stops the process, and `finish`
   * concludes from what was pushed. Asked after every line.
   */
  wantsStop?(): boolean;
}

/** Everything Ringmaster knows about driving one agent CLI. */
export interface AgentAdapter {
  readonly id: AgentId;
  /** The executable looked up on PATH, e.g. `claude`; absent for the `command` agent, whose argv is configured. */
  readonly executable?: string;
  /** Files the CLI keeps in the worktree that must never be committed (ignored through git's local exclude). */
  readonly worktreeLitter?: readonly string[];
  /** True when the CLI continues an earlier session (`resumeSession`) instead of starting afresh. */
  readonly resumesSessions?: boolean;
  /** Returns the process to start; throws AgentConfigError when the options or limits are unusable. */
  buildInvocation(input: InvocationInput): Invocation;
  /** Returns a fresh parser for one run. */
  createParser(): OutputParser;
}
