import { getAdapter } from '../agents/get-adapter.js';
import { AGENT_IDS, AgentId } from '../model/agents.js';
import { findAgentExecutable } from '../toolchain/agent-executable.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The agents this host can run: every agent whose CLI is on the PATH or in the tools dir
 * (claude-code for `claude`, aider, codex, gemini, opencode), and `command`, which runs whatever a
 * task configures.
 */
export function detectAgentCapabilities(env: Env = process.env): string[] {
  return AGENT_IDS.filter((id) => id !== AgentId.external).filter((id) => {
    const { executable } = getAdapter(id);
    return executable === undefined || findAgentExecutable(executable, env) !== undefined;
  });
}

/** A worker's capabilities: the agents it found, then its configured labels (no repeats). */
export function workerCapabilities(labels: readonly string[], env?: Env): string[] {
  return [...new Set([...detectAgentCapabilities(env), ...labels])];
}
