/** Thrown when an agent's options or limits cannot make a valid invocation (e.g. no `command` for the command agent). */
export class AgentConfigError extends Error {
  override readonly name = 'AgentConfigError';
  constructor(
    /** The agent whose configuration is at fault, e.g. `command`. */
    readonly agentId: string,
    /** The option at fault, e.g. `options.command`. */
    readonly field: string,
    message: string,
  ) {
    super(`${agentId} agent: ${field} ${message}`);
  }
}
