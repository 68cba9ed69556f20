// Every message here names the remote by its redacted URL: these errors end up in logs and task
// records, and a URL may have held a credential.

/** Thrown by `parseRemoteUrl` for a remote Ringmaster will not use; the message says why. */
export class RemoteUrlError extends Error {
  override readonly name = 'RemoteUrlError';
  constructor(
    /** The URL as given, userinfo removed. */
    readonly url: string,
    message: string,
  ) {
    super(message);
  }
}

/** Thrown when fetching from a project's remote fails (unreachable, refused, no such repository, no credential). */
export class RemoteFetchError extends Error {
  override readonly name = 'RemoteFetchError';
  constructor(
    /** The remote's URL, userinfo removed. */
    readonly url: string,
    /** The last lines of git's error output. */
    readonly stderrTail: string,
  ) {
    super(`could not fetch from ${url}${stderrTail ? `: ${stderrTail}` : ''}`);
  }
}

/**
 * Thrown when pushing to a project's remote fails for another reason than a lost race on the
 * default branch (unreachable, refused, no credential, a non-fast-forward of a branch not a task's).
 */
export class RemotePushError extends Error {
  override readonly name = 'RemotePushError';
  constructor(
    /** The remote's URL, userinfo removed. */
    readonly url: string,
    /** The refs the push was to update, e.g. `refs/heads/ringmaster/abc`. */
    readonly refs: readonly string[],
    /** The last lines of git's error output (or what was wrong with the request). */
    readonly stderrTail: string,
  ) {
    super(`could not push ${refs.join(', ')} to ${url}${stderrTail ? `: ${stderrTail}` : ''}`);
  }
}

/** Thrown by `remoteCredentialEnv` for a secret a remote does not take, or one that cannot be sent. */
export class RemoteSecretError extends Error {
  override readonly name = 'RemoteSecretError';
  constructor(
    /** What is wrong, without the field's name: `remoteSecret <problem>`. */
    readonly problem: string,
  ) {
    super(`remoteSecret ${problem}`);
  }
}
