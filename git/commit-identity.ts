/** A person or program named on a commit. */
export interface GitIdentity {
  name: string;
  email: string;
}

/** Who Ringmaster commits as when no author is given; always the committer of its commits. */
export const RINGMASTER_IDENTITY: GitIdentity = { name: 'Ringmaster', email: 'ringmaster@localhost' };

/**
 * `-c user.name=… -c user.email=…` arguments (placed before the git subcommand) that make commits
 * and merges work on machines without git config, without touching the repository's config.
 */
export function identityConfigArgs(identity: GitIdentity = RINGMASTER_IDENTITY): string[] {
  return ['-c', `user.name=${identity.name}`, '-c', `user.email=${identity.email}`];
}

/**
 * Environment naming the author exactly. Used instead of `--author`, which treats a value without
 * `Name <email>` as a pattern to look up among existing authors.
 */
export function authorEnv(author: GitIdentity): Record<string, string> {
  return { GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email };
}
