import { AGENT_EXECUTABLES, AgentId } from '../model/agents.js';
import type { AgentAdapter, Invocation, InvocationInput } from './agent-adapter.js';
import { agentEnv, extraArgs, modelArgs } from './invocation-options.js';
import { createCodexParser } from './parse-codex-events.js';

const CODEX_EXECUTABLE = AGENT_EXECUTABLES[AgentId.codex];
/** Where Codex reads its credentials and settings (OPENAI_API_KEY, CODEX_HOME …). */
const CODEX_ENV = ['OPENAI_*', 'CODEX_*'];

/**
 * Returns `codex exec --json … -` (or `codex exec --json … resume <thread> -` to continue a
 * thread) with the prompt on stdin. Codex has no turn or spend cap, so maxTurns and budgetUsd are
 * not passed. Never throws.
 */
export function buildCodexInvocation(input: InvocationInput): Invocation {
  const args = [
    'exec',
    '--json',
    // Worktrees are git repositories, but the check also refuses some linked-worktree layouts.
    '--skip-git-repo-check',
    // exec mode never asks for approval; without a writable sandbox it may not edit at all.
    '--sandbox',
    'workspace-write',
    ...modelArgs('-m', input.options),
    ...extraArgs(input.options),
    // Continues the thread Codex saved under CODEX_HOME, on this host; exec's options stay before it.
    ...(input.resumeSession !== undefined ? ['resume', input.resumeSession] : []),
    // "-": read the prompt from stdin.
    '-',
  ];
  return { command: CODEX_EXECUTABLE, args, cwd: input.worktree, env: agentEnv(input.options), passEnv: CODEX_ENV, stdin: input.prompt };
}

/** OpenAI Codex CLI in exec mode, reading its JSONL events. */
export const codexAdapter: AgentAdapter = {
  id: AgentId.codex,
  executable: CODEX_EXECUTABLE,
  resumesSessions: true,
  buildInvocation: buildCodexInvocation,
  createParser: createCodexParser,
};
