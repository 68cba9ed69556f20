import { AGENT_IDS, AgentId } from '../model/agents.js';
import type { AgentAdapter } from './agent-adapter.js';
import { AgentConfigError } from './agent-errors.js';
import { aiderAdapter } from './aider-adapter.js';
import { claudeCodeAdapter } from './claude-code-adapter.js';
import { codexAdapter } from './codex-adapter.js';
import { commandAdapter } from './command-adapter.js';
import { geminiAdapter } from './gemini-adapter.js';
import { opencodeAdapter } from './opencode-adapter.js';

// The external agent has no adapter: Ringmaster never runs it, a worker elsewhere pulls the task.
const ADAPTERS: Readonly<Record<Exclude<AgentId, typeof AgentId.external>, AgentAdapter>> = {
  [AgentId.claudeCode]: claudeCodeAdapter,
  [AgentId.aider]: aiderAdapter,
  [AgentId.codex]: codexAdapter,
  [AgentId.gemini]: geminiAdapter,
  [AgentId.opencode]: opencodeAdapter,
  [AgentId.command]: commandAdapter,
};

/**
 * Returns the adapter for an agent id; throws AgentConfigError for the external agent (it is
 * never run as a CLI) and for an id Ringmaster does not know (e.g. from old data).
 */
export function getAdapter(id: AgentId): AgentAdapter {
  if (id === AgentId.external) {
    throw new AgentConfigError(id, 'agent', 'is not a CLI Ringmaster runs: an external worker pulls the task (ringmaster pull) and reports its result');
  }
  if (!Object.hasOwn(ADAPTERS, id)) {
    throw new AgentConfigError(String(id), 'agent', `is not a known agent; known agents: ${AGENT_IDS.join(', ')}`);
  }
  return ADAPTERS[id];
}

/** Files the agent's CLI leaves in a worktree that must stay out of commits; none for the external agent. */
export function worktreeLitterOf(id: AgentId): readonly string[] {
  return id === AgentId.external ? [] : (getAdapter(id).worktreeLitter ?? []);
}
