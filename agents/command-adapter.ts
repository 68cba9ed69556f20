import { AgentId } from '../model/agents.js';
import type { AgentAdapter, Invocation, InvocationInput } from './agent-adapter.js';
import { AgentConfigError } from './agent-errors.js';
import { agentEnv, extraArgs } from './invocation-options.js';
import { createCommandParser } from './parse-command-output.js';

/** Environment variable holding the absolute path of the prompt file. */
export const PROMPT_FILE_ENV = 'RINGMASTER_PROMPT_FILE';
/** Environment variable holding the agent's working directory. */
export const WORKTREE_ENV = 'RINGMASTER_WORKTREE';

/**
 * Returns the configured `options.command` argv (plus `options.args`) with the prompt on stdin and
 * its file in RINGMASTER_PROMPT_FILE. Throws AgentConfigError when the command is missing or empty.
 */
export function buildCommandInvocation(input: InvocationInput): Invocation {
  const [command, ...args] = input.options.command ?? [];
  if (!command?.trim()) {
    throw new AgentConfigError(AgentId.command, 'options.command', 'must be a non-empty argv array, e.g. ["./my-agent.sh", "--flag"]');
  }
  return {
    command,
    args: [...args, ...extraArgs(input.options)],
    cwd: input.worktree,
    env: agentEnv(input.options, { [PROMPT_FILE_ENV]: input.promptFile, [WORKTREE_ENV]: input.worktree }),
    stdin: input.prompt,
  };
}

/** Any program that follows the completion protocol: a scripted agent, a wrapper, a test double. */
export const commandAdapter: AgentAdapter = {
  id: AgentId.command,
  buildInvocation: buildCommandInvocation,
  createParser: createCommandParser,
};
