import { AGENT_EXECUTABLES, AgentId } from '../model/agents.js';
import type { AgentAdapter, Invocation, InvocationInput } from './agent-adapter.js';
import { agentEnv, checkLimits, extraArgs, formatUsd, modelArgs } from './invocation-options.js';
import { createClaudeParser } from './parse-claude-events.js';

const CLAUDE_EXECUTABLE = AGENT_EXECUTABLES[AgentId.claudeCode];
/** Where Claude Code reads its credentials and settings (ANTHROPIC_API_KEY, CLAUDE_CONFIG_DIR, DISABLE_TELEMETRY …). */
const CLAUDE_ENV = ['ANTHROPIC_*', 'CLAUDE_*', 'DISABLE_*'];

/** Tools the agent may use without asking (print mode denies anything else). Old and new names: unknown names are harmless. */
export const CLAUDE_ALLOWED_TOOLS = ['Read', 'Write', 'Edit', 'MultiEdit', 'NotebookEdit', 'Glob', 'Grep', 'LS', 'Bash', 'BashOutput', 'KillShell', 'TodoWrite', 'Task', 'TaskOutput'].join(',');

/** Returns `claude -p --output-format stream-json …` with the prompt on stdin; throws AgentConfigError on bad limits. */
export function buildClaudeInvocation(input: InvocationInput): Invocation {
  checkLimits(AgentId.claudeCode, input);
  const args = [
    '-p',
    '--output-format',
    'stream-json',
    // stream-json in print mode exits 1 without --verbose.
    '--verbose',
    // --allowedTools takes a variable number of values: the next flag ends the list.
    '--allowedTools',
    CLAUDE_ALLOWED_TOOLS,
    // Root may not use --dangerously-skip-permissions; acceptEdits plus the allowed tools works for everyone.
    '--permission-mode',
    'acceptEdits',
    ...(input.maxTurns !== undefined ? ['--max-turns', String(input.maxTurns)] : []),
    ...(input.budgetUsd !== undefined ? ['--max-budget-usd', formatUsd(input.budgetUsd)] : []),
    // Continues the conversation the CLI saved under its config dir, on this host.
    ...(input.resumeSession !== undefined ? ['--resume', input.resumeSession] : []),
    ...modelArgs('--model', input.options),
    ...extraArgs(input.options),
  ];
  return { command: CLAUDE_EXECUTABLE, args, cwd: input.worktree, env: agentEnv(input.options), passEnv: CLAUDE_ENV, stdin: input.prompt };
}

/** Claude Code CLI in print mode, reading its stream-json events. */
export const claudeCodeAdapter: AgentAdapter = {
  id: AgentId.claudeCode,
  executable: CLAUDE_EXECUTABLE,
  resumesSessions: true,
  buildInvocation: buildClaudeInvocation,
  createParser: createClaudeParser,
};
