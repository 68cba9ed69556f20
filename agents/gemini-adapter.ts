import { AGENT_EXECUTABLES, AgentId } from '../model/agents.js';
import type { AgentAdapter, Invocation, InvocationInput } from './agent-adapter.js';
import { agentEnv, extraArgs, modelArgs } from './invocation-options.js';
import { createGeminiParser } from './parse-gemini-events.js';

const GEMINI_EXECUTABLE = AGENT_EXECUTABLES[AgentId.gemini];
/** Where the Gemini CLI reads its credentials and settings (GEMINI_API_KEY, GOOGLE_CLOUD_PROJECT …). */
const GEMINI_ENV = ['GEMINI_*', 'GOOGLE_API_KEY', 'GOOGLE_GENAI_*', 'GOOGLE_GEMINI_*', 'GOOGLE_CLOUD_PROJECT', 'GOOGLE_CLOUD_LOCATION'];

/**
 * Returns `gemini -o stream-json --approval-mode auto_edit …` with the prompt on stdin: Gemini
 * runs headless whenever stdin is not a terminal and takes piped stdin as the prompt, so no `-p`.
 * Gemini has no per-run turn or spend flag, so maxTurns and budgetUsd are not passed. Never throws.
 */
export function buildGeminiInvocation(input: InvocationInput): Invocation {
  const args = [
    '--output-format',
    'stream-json',
    // auto_edit approves file edits; anything else that would ask is denied in headless mode.
    '--approval-mode',
    'auto_edit',
    ...modelArgs('--model', input.options),
    // Continues the session the CLI saved under ~/.gemini for this directory, on this host.
    ...(input.resumeSession !== undefined ? ['--resume', input.resumeSession] : []),
    ...extraArgs(input.options),
  ];
  return { command: GEMINI_EXECUTABLE, args, cwd: input.worktree, env: agentEnv(input.options), passEnv: GEMINI_ENV, stdin: input.prompt };
}

/** Google Gemini CLI in headless mode, reading its stream-json events. */
export const geminiAdapter: AgentAdapter = {
  id: AgentId.gemini,
  executable: GEMINI_EXECUTABLE,
  resumesSessions: true,
  buildInvocation: buildGeminiInvocation,
  createParser: createGeminiParser,
};
