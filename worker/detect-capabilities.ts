import { getAdapter } from '../agents/get-adapter.js';
import { AGENT_IDS, AgentId } from '../model/agents.js';
import { findOnPath } from '../toolchain/find-executable.js';

/**
 * The agents this host can run: every agent whose CLI is on `pathVar` (claude-code for `claude`,
 * aider, codex, gemini), and `command`, which runs whatever a task configures.
 */
export function detectAgentCapabilities(pathVar: string | undefined = process.env.PATH): string[] {
  return AGENT_IDS.filter((id) => id !== AgentId.external).filter((id) => {
    const { executable } = getAdapter(id);
    return executable === undefined || findOnPath(executable, pathVar) !== undefined;
  });
}

/** A worker's capabilities: the agents it found, then its configured labels (no repeats). */
export function workerCapabilities(labels: readonly string[], pathVar?: string): string[] {
  return [...new Set([...detectAgentCapabilities(pathVar), ...labels])];
}
