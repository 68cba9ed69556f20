import { AGENT_EXECUTABLES, AgentId } from '../model/agents.js';
import type { AgentAdapter, Invocation, InvocationInput } from './agent-adapter.js';
import { agentEnv, extraArgs, modelArgs } from './invocation-options.js';
import { createOpencodeParser } from './parse-opencode-events.js';

const OPENCODE_EXECUTABLE = AGENT_EXECUTABLES[AgentId.opencode];
/** Where OpenCode reads its configuration and credentials (OPENCODE_CONFIG, provider keys …). */
const OPENCODE_ENV = ['OPENCODE_*', 'ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'GEMINI_API_KEY', 'OPENROUTER_API_KEY', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME'];

/**
 * Returns `opencode run --format json …` with the prompt on stdin (OpenCode reads a piped stdin as
 * the message), `--session <id>` to continue a session. The model is `provider/model`. OpenCode has
 * no per-run turn or spend flag, so maxTurns and budgetUsd are not passed. Never throws.
 */
export function buildOpencodeInvocation(input: InvocationInput): Invocation {
  const args = [
    'run',
    '--format',
    'json',
    ...modelArgs('--model', input.options),
    // Continues the session OpenCode saved under its data dir, on this host.
    ...(input.resumeSession !== undefined ? ['--session', input.resumeSession] : []),
    ...extraArgs(input.options),
  ];
  return { command: OPENCODE_EXECUTABLE, args, cwd: input.worktree, env: agentEnv(input.options), passEnv: OPENCODE_ENV, stdin: input.prompt };
}

/** OpenCode in `run` mode, reading its JSON events. */
export const opencodeAdapter: AgentAdapter = {
  id: AgentId.opencode,
  executable: OPENCODE_EXECUTABLE,
  resumesSessions: true,
  buildInvocation: buildOpencodeInvocation,
  createParser: createOpencodeParser,
};
