import { describe, expect, it } from '@jest/globals';
import { AgentConfigError } from '../../agents/agent-errors.js';
import { getAdapter } from '../../agents/get-adapter.js';
import { AGENT_IDS, type AgentId } from '../../model/agents.js';

describe('getAdapter', () => {
  it.each(AGENT_IDS.filter((id) => id !== 'external'))('has an adapter for %s', (id) => {
    expect(getAdapter(id).id).toBe(id);
  });

  it('refuses to run the external agent: a worker elsewhere pulls its tasks', () => {
    expect(() => getAdapter('external')).toThrow(AgentConfigError);
    expect(() => getAdapter('external')).toThrow('external agent: agent is not a CLI Ringmaster runs: an external worker pulls the task (ringmaster pull) and reports its result');
  });

  it.each(['cursor', 'toString', '__proto__'])('refuses an unknown agent id (%s)', (id) => {
    expect(() => getAdapter(id as AgentId)).toThrow(AgentConfigError);
    expect(() => getAdapter(id as AgentId)).toThrow(`${id} agent: agent is not a known agent; known agents: claude-code, aider, codex, gemini, opencode, command, external`);
  });
});
