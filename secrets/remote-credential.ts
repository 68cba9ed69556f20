import { remoteCredentialEnv } from '../git/remote-credentials.js';
import { SecretMissingError, type SecretVault } from './secret-vault.js';

/** What a project needs for its remote to be reached: the URL and the named secret, if any. */
export interface RemoteAccess {
  remote: string | null;
  remoteSecret: string | null;
}

/**
 * The git environment that authenticates to a project's remote with its `remoteSecret`, read from
 * the vault now (a changed value applies at once); undefined when it names none. Throws
 * SecretMissingError when the secret is not stored, SecretUnreadableError when it does not
 * decrypt, and Error when the remote does not take a secret (remote-credentials.ts).
 */
export function readRemoteCredential(vault: Pick<SecretVault, 'resolve'>, project: RemoteAccess): Record<string, string> | undefined {
  if (!project.remote || !project.remoteSecret) return undefined;
  const name = project.remoteSecret;
  let value: string;
  try {
    value = vault.resolve('', { remoteSecret: name }).remoteSecret!;
  } catch (err) {
    if (err instanceof SecretMissingError) throw new SecretMissingError(err.missing, `remoteSecret names the secret ${name}, which is not set (store it with: ringmaster secret set ${name})`);
    throw err;
  }
  return remoteCredentialEnv(project.remote, value);
}

/** Finds, by project id, the git environment of its remote's secret (see HostDeps.remoteCredential). */
export type RemoteCredentialSource = (projectId: string) => Promise<Record<string, string> | undefined>;

/** The control plane's RemoteCredentialSource: the project's current `remoteSecret`, from the vault. */
export function storedRemoteCredentials(projects: { get(id: string): RemoteAccess | undefined }, vault: Pick<SecretVault, 'resolve'>): RemoteCredentialSource {
  return async (projectId) => {
    const project = projects.get(projectId);
    return project ? readRemoteCredential(vault, project) : undefined;
  };
}
