import path from 'node:path';
import { AGENT_EXECUTABLES, AgentId } from '../model/agents.js';
import type { AgentAdapter, Invocation, InvocationInput } from './agent-adapter.js';
import { agentEnv, extraArgs, modelArgs } from './invocation-options.js';
import { createAiderParser } from './parse-aider-output.js';

const AIDER_EXECUTABLE = AGENT_EXECUTABLES[AgentId.aider];
/** Wide enough that no line aider prints is wrapped. */
const AIDER_COLUMNS = 10_000;
/** Where Aider (through LiteLLM) reads its settings and the model providers' keys. */
const AIDER_ENV = ['AIDER_*', 'OPENAI_*', 'ANTHROPIC_*', 'GEMINI_*', 'OPENROUTER_*', 'DEEPSEEK_*', 'GROQ_*', 'MISTRAL_*', 'OLLAMA_*'];

/**
 * Returns `aider --message-file <promptFile> …`: one message, then exit. Aider has no turn or
 * spend cap, so maxTurns and budgetUsd are not passed; stdin stays empty. Its chat histories go
 * next to the prompt file, out of the worktree. Never throws.
 */
export function buildAiderInvocation(input: InvocationInput): Invocation {
  const args = [
    '--message-file',
    input.promptFile,
    // Answers every confirmation with yes, except running shell commands, which it declines.
    '--yes-always',
    // Ringmaster commits the worktree itself.
    '--no-auto-commits',
    '--no-pretty',
    '--no-stream',
    '--no-check-update',
    '--analytics-disable',
    '--no-show-model-warnings',
    // Never edit the project's .gitignore; Ringmaster excludes aider's files locally instead.
    '--no-gitignore',
    '--chat-history-file',
    path.join(path.dirname(input.promptFile), 'aider.chat.history.md'),
    '--input-history-file',
    path.join(path.dirname(input.promptFile), 'aider.input.history'),
    ...modelArgs('--model', input.options),
    ...extraArgs(input.options),
  ];
  // Aider's console wraps at COLUMNS (80 without a terminal), which would cut its error lines in two.
  return { command: AIDER_EXECUTABLE, args, cwd: input.worktree, env: { COLUMNS: String(AIDER_COLUMNS), ...agentEnv(input.options) }, passEnv: AIDER_ENV };
}

/** Aider in single-message mode, reading its console text (it has no JSON output). */
export const aiderAdapter: AgentAdapter = {
  id: AgentId.aider,
  executable: AIDER_EXECUTABLE,
  // Its repo-map cache (.aider.tags.cache.v4) and any history file it still writes there.
  worktreeLitter: ['.aider*'],
  buildInvocation: buildAiderInvocation,
  createParser: createAiderParser,
};
