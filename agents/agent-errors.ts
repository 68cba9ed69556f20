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

/** Thrown when the agent process cannot be started at all (missing executable, no permission, no working directory). */
export class AgentStartError extends Error {
  override readonly name = 'AgentStartError';
  constructor(
    /** The command that could not be started. */
    readonly command: string,
    /** The system error code, e.g. `ENOENT` or `EACCES`, when there is one. */
    readonly code: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot start ${command}: ${message}`, options);
  }
}
