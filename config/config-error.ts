/** Thrown when a setting (an environment variable or a command-line flag) has an unusable value. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    /** The variable or flag at fault, e.g. `RINGMASTER_PORT` or `--port`. */
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
  }
}
