/** The agent CLIs Ringmaster can drive. Ids cross boundaries (REST, SQLite, search attributes). */
export const AgentId = {
  claudeCode: 'claude-code',
  aider: 'aider',
  codex: 'codex',
  gemini: 'gemini',
  opencode: 'opencode',
  command: 'command',
  /** Not a CLI: a person or an agent elsewhere pulls the task (`ringmaster pull`) and reports back. */
  external: 'external',
} as const;
export type AgentId = (typeof AgentId)[keyof typeof AgentId];

export const AGENT_IDS: readonly AgentId[] = Object.values(AgentId);

/** The executable each agent CLI is found as on PATH (the command and external agents have none). */
export const AGENT_EXECUTABLES = {
  [AgentId.claudeCode]: 'claude',
  [AgentId.aider]: 'aider',
  [AgentId.codex]: 'codex',
  [AgentId.gemini]: 'gemini',
  [AgentId.opencode]: 'opencode',
} as const;

/** Per-task options for the agent CLI (model, extra args, the `command` agent's argv, env). */
