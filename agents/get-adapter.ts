import { AGENT_IDS, AgentId } from '../model/agents.js';
import type { AgentAdapter } from './agent-adapter.js';
import { AgentConfigError } from './agent-errors.js';
import { aiderAdapter } from './aider-adapter.js';
import { claudeCodeAdapter } from './claude-code-adapter.js';
import { codexAdapter } from './codex-adapter.js';
import { commandAdapter } from './command-adapter.js';
import { geminiAdapter } from './gemini-adapter.js';

const ADAPTERS: Readonly<Record<AgentId, AgentAdapter>> = {
  [AgentId.claudeCode]: claudeCodeAdapter,
  [AgentId.aider]: aiderAdapter,
  [AgentId.codex]: codexAdapter,
  [AgentId.gemini]: geminiAdapter,
  [AgentId.command]: commandAdapter,
};

/** Returns the adapter for an agent id; throws AgentConfigError for an id Ringmaster does not know (e.g. from old data). */
export function getAdapter(id: AgentId): AgentAdapter {
  if (!Object.hasOwn(ADAPTERS, id)) {
    throw new AgentConfigError(String(id), 'agent', `is not a known agent; known agents: ${AGENT_IDS.join(', ')}`);
  }
  return ADAPTERS[id];
}
