import { RemoteSecretError } from './remote-errors.js';
import { parseRemoteUrl, redactRemoteUrl } from './remote-url.js';

/** The user name sent with a bare token: GitHub, GitLab and Gitea accept any, and name this one in their docs. */
export const TOKEN_USER = 'x-access-token';

/**
 * The environment that makes git authenticate to an https (or loopback http) remote with a
 * project's `remoteSecret`: `user:password`, or a bare token (sent as `x-access-token:<token>`).
 * It goes in an `Authorization: Basic` header through GIT_CONFIG_* variables, so the credential
 * is never in an argv (visible to every user in `ps`), a config file or a URL. Pure.
 * Throws RemoteUrlError for an unusable URL, RemoteSecretError for a remote that takes no secret
 * (ssh and git:// remotes use the host's own keys; file:// needs none) or an unusable value.
 */
export function remoteCredentialEnv(remoteUrl: string, secret: string): Record<string, string> {
  const { scheme } = parseRemoteUrl(remoteUrl);
  if (scheme !== 'https' && scheme !== 'http')
    throw new RemoteSecretError(`is sent only to https:// remotes; ${redactRemoteUrl(remoteUrl)} is reached with each host's own ${scheme === 'file' ? 'file access' : 'git credentials (ssh keys)'}`);
  const value = secret.trim();
  // eslint-disable-next-line no-control-regex
  if (value === '' || /[\x00-\x1f\x7f]/.test(value)) throw new RemoteSecretError('must hold one line: user:password, or a token');
  const userAndPassword = value.includes(':') ? value : `${TOKEN_USER}:${value}`;
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.extraHeader',
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(userAndPassword, 'utf8').toString('base64')}`,
  };
}
