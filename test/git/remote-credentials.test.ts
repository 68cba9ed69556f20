import { describe, expect, it } from '@jest/globals';
import { remoteCredentialEnv, TOKEN_USER } from '../../git/remote-credentials.js';
import { RemoteSecretError, RemoteUrlError } from '../../git/remote-errors.js';

const header = (env: Record<string, string>) => Buffer.from(env.GIT_CONFIG_VALUE_0!.replace('Authorization: Basic ', ''), 'base64').toString('utf8');

describe('remoteCredentialEnv', () => {
  it('sends user:password as HTTP Basic through git config variables, never in the URL or argv', () => {
    const env = remoteCredentialEnv('https://git.example.com/team/app.git', 'robot:s3cret:with-colon\n');
    expect(env.GIT_CONFIG_COUNT).toBe('1');
    expect(env.GIT_CONFIG_KEY_0).toBe('http.extraHeader');
    expect(env.GIT_CONFIG_VALUE_0).toMatch(/^Authorization: Basic [A-Za-z0-9+/=]+$/);
    expect(header(env)).toBe('robot:s3cret:with-colon');
  });

  it(`sends a bare token with the user ${TOKEN_USER}`, () => {
    expect(header(remoteCredentialEnv('http://127.0.0.1:8080/app.git', 'ghp_abc123'))).toBe(`${TOKEN_USER}:ghp_abc123`);
  });

  it('refuses remotes reached with the host’s own credentials, and values that would break the header', () => {
    expect(() => remoteCredentialEnv('ssh://git@example.com/app.git', 'token')).toThrow(RemoteSecretError);
    expect(() => remoteCredentialEnv('git@example.com:app.git', 'token')).toThrow(/ssh keys/);
    expect(() => remoteCredentialEnv('file:///srv/app.git', 'token')).toThrow(/file access/);
    expect(() => remoteCredentialEnv('https://example.com/app.git', 'a\r\nX-Injected: 1')).toThrow('remoteSecret must hold one line');
    expect(() => remoteCredentialEnv('https://example.com/app.git', '   ')).toThrow(RemoteSecretError);
    expect(() => remoteCredentialEnv('ext::sh -c id', 'token')).toThrow(RemoteUrlError);
  });
});
