/** Thrown when a process (an agent CLI, a project command) cannot be started at all (missing executable, no permission, no working directory). */
export class ProcessStartError extends Error {
  override readonly name = 'ProcessStartError';
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
